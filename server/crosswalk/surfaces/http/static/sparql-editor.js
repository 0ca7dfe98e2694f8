// The query editor: YASGUI over this service's own endpoint, the named queries as one-click examples.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  // Only completers that need no other server: no LOV class/property look-ups, no prefix.cc.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  const yasgui = new Yasgui(document.getElementById("editor"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }], keys: [] },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    yasqe: { value: config.prefixes + config.defaultQuery },
    yasr: { prefixes: config.prefixMap },
  });

  function open(example) {
    const tab = yasgui.getTab();
    tab.setEndpoint(config.endpoint);
    const yasqe = tab.getYasqe();
    yasqe.setValue(example.text);
    document.title = example.title + " · crosswalk SPARQL editor";
    yasqe.query();
  }

  const list = document.getElementById("example-list");
  for (const example of config.examples) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "example";
    button.dataset.name = example.name;
    const title = document.createElement("strong");
    title.textContent = example.title;
    const about = document.createElement("span");
    about.textContent = example.description;
    button.append(title, about);
    button.addEventListener("click", () => open(example));
    list.append(button);
  }
  document.getElementById("example-filter").addEventListener("input", (event) => {
    const words = event.target.value.toLowerCase();
    for (const button of list.children) {
      button.hidden = !button.textContent.toLowerCase().includes(words);
    }
  });
  const wanted = new URLSearchParams(window.location.search).get("example");
  const chosen = config.examples.find((example) => example.name === wanted);
  if (chosen) {
    open(chosen);
  }
})();

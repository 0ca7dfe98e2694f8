// The heatmap: one tab stop, arrow keys between related pairs, a pair's records and paths loaded into the page.
const table = document.getElementById("heatmap");
const detail = document.getElementById("cell-detail");
if (table) {
  const links = Array.from(table.querySelectorAll("td > a"));
  const position = new Map();
  const rows = Array.from(table.tBodies[0].rows);
  rows.forEach((tr, r) => {
    Array.from(tr.cells).forEach((td, c) => { const a = td.firstElementChild; if (a && td.tagName === "TD") position.set(a, [r, c]); });
  });
  links.forEach((a, i) => a.setAttribute("tabindex", i === 0 ? "0" : "-1"));
  let current = links[0];
  const focus = (a) => {
    if (!a) return;
    current.setAttribute("tabindex", "-1");
    a.setAttribute("tabindex", "0");
    a.focus();
    current = a;
  };
  const nearest = (r, c, dr, dc) => {
    let best = null, bestScore = Infinity;
    for (const [a, [ar, ac]] of position) {
      const along = dr ? (ar - r) * dr : (ac - c) * dc;
      if (along <= 0) continue;
      const across = dr ? Math.abs(ac - c) : Math.abs(ar - r);
      const score = along + across * 4;
      if (score < bestScore) { bestScore = score; best = a; }
    }
    return best;
  };
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  table.addEventListener("keydown", (event) => {
    const move = moves[event.key];
    if (!move || !position.has(event.target)) return;
    event.preventDefault();
    const [r, c] = position.get(event.target);
    focus(nearest(r, c, move[0], move[1]));
  });
  table.addEventListener("click", async (event) => {
    const a = event.target.closest("td > a");
    if (!a) return;
    event.preventDefault();
    for (const td of table.querySelectorAll("td.sel")) td.classList.remove("sel");
    a.parentElement.classList.add("sel");
    focus(a);
    const response = await fetch(a.getAttribute("href") + "&fragment=1", { credentials: "same-origin" });
    detail.innerHTML = await response.text();
    detail.setAttribute("tabindex", "-1");
    detail.focus();
  });
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.mark("heatmap-drawn");
    table.dataset.drawn = String(Math.round(performance.now()));
  }));
}

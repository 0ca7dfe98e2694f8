"""GraphQL at /graphql, executed off the event loop.

Resolvers read the store synchronously; run on the event loop they would stall every other request (SPARQL, pages,
health) while one GraphQL query works. Each operation runs in a worker thread with an event loop of its own, so
its dataloaders batch as before and the service's loop only waits for the answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.concurrency import run_in_threadpool
from strawberry.fastapi import GraphQLRouter
from strawberry.types.execution import ExecutionResult


class ThreadedGraphQLRouter(GraphQLRouter[Any, None]):
    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        parent = super().execute_single

        def run() -> ExecutionResult:
            return asyncio.run(parent(*args, **kwargs))

        return await run_in_threadpool(run)

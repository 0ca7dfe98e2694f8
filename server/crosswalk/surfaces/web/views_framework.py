"""Placeholder: filled in below."""

from __future__ import annotations

from fastapi import APIRouter

from crosswalk.surfaces.web.render import Web


def build_framework_router(web: Web) -> APIRouter:
    return APIRouter(include_in_schema=False)

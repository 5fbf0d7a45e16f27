"""The samples surface (pages and API). Filled in by its lesson's work; registered in main.py."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

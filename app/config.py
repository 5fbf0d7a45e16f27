"""One settings object for the whole app, read from SSE_* environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings; every field can be set as SSE_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="SSE_", frozen=True)

    host: str = "127.0.0.1"
    port: int = 8000
    # who may put /embed/... pages in an iframe: "*" or space-separated origins
    embed_frame_ancestors: str = "*"
    # who may frame the full pages (CSP frame-ancestors)
    page_frame_ancestors: str = "'self'"

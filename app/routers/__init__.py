"""One router per surface: pages (HTML and JSON twins), the JSON API, health."""

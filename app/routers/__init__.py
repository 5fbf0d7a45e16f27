"""Routers, one per surface: lesson pages and twins (generated), the JSON API, CSVs, embeds,
oEmbed, docs, health."""

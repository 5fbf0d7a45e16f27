"""Plotly figures as plain JSON-safe dicts ({"data": [...], "layout": {...}}).

Nothing here imports plotly: the browser draws these with plotly.js, and the tests validate each
builder's output once with plotly.graph_objects.Figure.
"""

"""The maths of every lesson: pure functions on numbers and numpy arrays, nothing else.

This package must not import web or plotting code (fastapi, starlette, jinja2, plotly);
tests/test_layers.py enforces that.
"""

"""sse-explainer: a visual explainer of the squared-error loss and its signed gradient."""

__version__ = "0.1.0"

"""Chart colours: the Okabe-Ito palette, which colour-blind readers can tell apart."""

LOSS = "#0072B2"  # blue
TANGENT = "#CC79A7"  # reddish purple
STEP = "#009E73"  # bluish green
TARGET = "#555555"
NEGATIVE = "#0072B2"  # blue: gradient below zero, output too low
POSITIVE = "#D55E00"  # vermillion: gradient above zero, output too high
POINT = "#000000"
GRID = "#e3e3e3"
TEXT = "#222222"

"""Cooperation requests between municipalities and the agreements ("convenios") that follow them."""

"""Teachers' titles, backbone levels and honours (摸清底子) and the figures computed from them."""

"""The portal's pages, one module per page group. Views stay thin: selectors give the figures, charts draw them."""

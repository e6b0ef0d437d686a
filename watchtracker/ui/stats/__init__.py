"""Statistics: the page, its controller and the charts."""

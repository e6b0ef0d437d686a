"""The library: the list of followed series, its model, and the form to add or edit a series by hand."""

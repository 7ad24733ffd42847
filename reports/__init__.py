"""Reports read from the warehouse: the terminal mart table now, the Evidence.dev report later."""

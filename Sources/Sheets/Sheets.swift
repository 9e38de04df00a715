// The Sheets layer. See README.md for where it sits among the layers.

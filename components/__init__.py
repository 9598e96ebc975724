"""Pure functions from (filtered) DataFrames to Plotly figures, display tables and small widgets."""

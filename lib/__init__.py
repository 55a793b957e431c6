"""Voorzieningenwijzer core: data access, import, population, norms, catchments and gaps.

Nothing in this package imports streamlit; the pages in ``pages/`` are a thin shell around it.
"""

"""Files and corpora: reading and writing articles, walking paths, the result cache, batch and Dask runs."""

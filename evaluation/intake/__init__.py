"""Reading a delivery: files, schemas, German errors, municipality names, codebook, manifest."""

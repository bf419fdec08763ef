"""The public read-only API at /api/v1: what the public pages show, as JSON, with its OpenAPI
document. Nothing here writes; nothing unpublished is ever answered."""

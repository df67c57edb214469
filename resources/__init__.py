"""The advisor's shipped files (knowledge base, licence texts, templates, schemas, icons), found through advisor.resources."""

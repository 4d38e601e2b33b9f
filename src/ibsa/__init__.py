"""ibsa: the engine behind the image-based sexual abuse response curriculum.

model     - the data (pydantic models)
yamlsrc   - YAML reading with line numbers
expr      - the element expression language (parsed, never eval'd)
loaders   - read law/, exercises/ and curriculum/ into a Corpus
analysis  - which provisions the facts of a scenario satisfy
checks    - the consistency checks behind `ibsa check`
sphinxext - the Sphinx extension that renders all of it
cli       - the `ibsa` command
"""

__version__ = "0.1.0"

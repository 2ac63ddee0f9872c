"""samverkan: a stakeholder knowledge graph for regional library development.

The pipeline, one module per stage (read the file names top to bottom):

    read/        files -> Post
    annotate.py  Post -> PostDoc (sentences, tokens, lemmas, names from efselab)
    extract/     PostDoc -> mentions and facts (Swedish rules and gazetteers)
    resolve.py   mentions -> stable entity keys
    rdf.py       PostDoc -> triples in the post's named graph
    store.py     embedded Oxigraph or a remote SPARQL endpoint
    questions.py / network.py / maps.py   answers, analytics and maps
"""

__version__ = "0.1.0"

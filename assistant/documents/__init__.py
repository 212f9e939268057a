"""Documents and the collections they belong to.

Every passage in the index carries the id of its collection (Chroma metadata
``collection``, not part of the content-hash chunk id, so moving a document only
rewrites metadata). ``collections.CollectionRegistry`` keeps the one list of
collections and who may read each (``DATA_DIR/collections.json``);
``readable(principal)`` is what every edge asks before it searches for someone.
"""

from assistant.documents.collections import (
    DEFAULT_COLLECTION,
    DEFAULT_NAME,
    Collection,
    CollectionRegistry,
)

__all__ = ["DEFAULT_COLLECTION", "DEFAULT_NAME", "Collection", "CollectionRegistry"]

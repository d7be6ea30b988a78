"""Training of the shipped English NER model (CoNLL-2003 labels); see :mod:`streams.entities.training.train_en`."""

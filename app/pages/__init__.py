"""The page layer: one module per lesson with its query model, its words and one state builder
that the page, its JSON twin, CSV, embeds, export and notebook share."""

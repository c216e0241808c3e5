"""The report stage: what a person or another program receives — output-contract
records (:mod:`.records`), DataFrames (:mod:`.frames`), SARIF (:mod:`.sarif`) and the
rules reference page (:mod:`.rulesdoc`)."""

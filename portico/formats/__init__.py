"""Django's date and number formats per language, where Portico's differ from Django's own."""

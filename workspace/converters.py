class ExportFormatConverter:
    """The file formats of the exports; any other extension is a 404."""

    regex = r"csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

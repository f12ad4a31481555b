"""What the entry page says about an attachment beside its link: type and size."""


class AttachmentFileInfo:
    """Mixed into EntryAttachment (``self.document`` is a Wagtail document)."""

    @property
    def file_type(self):
        """What the reader will open: PDF, DOCX, XLSX … (the file's extension)."""
        return (self.document.file_extension or "").upper() or "文件"

    @property
    def size_text(self):
        """1.2 MB, 350 KB: the size shown beside the link ("" when the file is missing)."""
        size = self.document.get_file_size()
        if not size:
            return ""
        if size >= 1024 * 1024:
            return f"{size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(size / 1024))} KB"

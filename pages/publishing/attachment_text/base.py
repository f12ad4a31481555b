"""What an extraction returns, its limits and the reasons a file is held."""

import dataclasses
import os
import unicodedata

MAX_DEPTH = 4
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_PDF_PAGES = 3000
# A page or an Office document with fewer letters and digits than this, but with images,
# is a scan (a page number or a caption does not make it text).
MIN_TEXT_CHARS = 10

TEXT_EXTENSIONS = {".txt", ".csv", ".tsv", ".text", ".md", ".json", ".log", ".xml", ".rtf"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".svg"}

HELD_SCAN = "扫描件或图片：第{pages}页没有可读取的文字"
HELD_IMAGE = "图片，无法读取其中的文字"
HELD_ENCRYPTED = "加密文件，需要密码才能打开"
HELD_DECRYPT_LIBRARY = "加密文件，缺少解密组件（cryptography）"
HELD_LEGACY_OFFICE = "旧版Office格式（.doc/.xls/.ppt/.wps）或加密的Office文件，无法读取"
HELD_UNKNOWN = "无法读取的文件类型（{ext}）"
HELD_DAMAGED = "文件损坏或格式无法识别"
HELD_ARCHIVE = "不支持的压缩格式（{ext}）"
HELD_TOO_LARGE = "压缩包解压后过大、文件过多或嵌套过深，未能完整读取"
HELD_GARBLED = "文字无法识别（字体无编码映射），按扫描件处理"
HELD_EMBEDDED = "内嵌对象无法读取"
HELD_OFFICE_IMAGES = "文档中只有图片，没有可读取的文字"


@dataclasses.dataclass
class AttachmentText:
    texts: list = dataclasses.field(default_factory=list)  # (where, text); where "" = the file itself
    held: list = dataclasses.field(default_factory=list)  # (where, reason)

    @property
    def text(self):
        return "\n".join(text for _, text in self.texts)


class _TooLarge(Exception):
    pass


@dataclasses.dataclass
class _Budget:
    bytes_left: int = dataclasses.field(default_factory=lambda: MAX_TOTAL_BYTES)
    members_left: int = dataclasses.field(default_factory=lambda: MAX_MEMBERS)


def _where(parent, name):
    return f"{parent} › {name}" if parent else name


def _ext(name):
    return os.path.splitext((name or "").lower())[1]


def _is_image(data):
    return (
        data[:8] == b"\x89PNG\r\n\x1a\n"
        or data[:3] == b"\xff\xd8\xff"
        or data[:6] in (b"GIF87a", b"GIF89a")
        or data[:2] == b"BM"
        or data[:4] in (b"II*\x00", b"MM\x00*")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def decode_text(data):
    """Text files as Chinese offices write them: UTF-8 (with or without BOM), UTF-16, GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    sample = data[:4096]
    if len(sample) >= 2 and sample.count(b"\x00") > len(sample) // 4:
        return data.decode("utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def meaningful_chars(text):
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")


# -- PDF ---------------------------------------------------------------------------------


def _member_name(info):
    """Member names of zips made on Chinese Windows are GBK without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            return name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return name
    return name


def _member_bytes(archive, info, budget):
    """The member's content, counted against the budget while it is inflated."""
    budget.members_left -= 1
    if budget.members_left < 0:
        raise _TooLarge
    chunks = []
    with archive.open(info) as fh:
        while chunk := fh.read(1024 * 1024):
            budget.bytes_left -= len(chunk)
            if budget.bytes_left < 0:
                raise _TooLarge
            chunks.append(chunk)
    return b"".join(chunks)


def _page_list(numbers):
    shown = "、".join(str(n) for n in numbers[:10])
    return shown + ("等" if len(numbers) > 10 else "")

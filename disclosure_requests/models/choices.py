"""States, channels and the other fixed choices of a disclosure request."""

from django.db import models


class RequestState(models.TextChoices):
    RECEIVED = "received", "已接收"
    CORRECTION = "correction", "补正中"
    PROCESSING = "processing", "办理中"
    CONSULTING = "consulting", "征求意见中"
    EXTENDED = "extended", "已延期"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已结案"
    WITHDRAWN = "withdrawn", "申请人撤回"
    ABANDONED = "abandoned", "视为放弃"


OPEN_STATES = [
    RequestState.RECEIVED,
    RequestState.CORRECTION,
    RequestState.PROCESSING,
    RequestState.CONSULTING,
    RequestState.EXTENDED,
]
# States in which the answer clock runs (补正中 waits for the applicant; 征求意见中 is paused).
CLOCK_STATES = [RequestState.RECEIVED, RequestState.PROCESSING, RequestState.EXTENDED, RequestState.CONSULTING]


class Channel(models.TextChoices):
    ONLINE = "online", "在线"
    IN_PERSON = "in_person", "当面"
    POST = "post", "信函"
    FAX = "fax", "传真"


class ApplicantType(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANIZATION = "organization", "法人或其他组织"


class OrganizationKind(models.TextChoices):
    # Exactly the columns of table (三).
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class PreferredForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    FAX = "fax", "传真"
    ONLINE = "online", "网上获取"


class FeeMethod(models.TextChoices):
    # 国办函〔2020〕109号: 按件计收 or 按量计收.
    PER_REQUEST = "per_request", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"

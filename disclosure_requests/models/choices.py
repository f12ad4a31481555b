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
    # 条例 Arts. 29, 31. "post" is the signed-for letter (挂号信/EMS), as before plain letters existed.
    ONLINE = "online", "在线"
    IN_PERSON = "in_person", "当面"
    POST = "post", "挂号信/特快专递"
    PLAIN_POST = "plain_post", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ORAL = "oral", "口头（工作人员代为填写）"


# How the received date is fixed for each channel (条例 Art. 31); the receipt quotes it.
RECEIVED_RULES = {
    Channel.ONLINE: "在线提交：以提交之日为收到申请之日（系统即时发出回执，视为双方确认）",
    Channel.IN_PERSON: "当面提交：以递交之日为收到申请之日",
    Channel.POST: "挂号信/特快专递：以签收之日为收到申请之日",
    Channel.PLAIN_POST: "平常信函：以与申请人确认之日为收到申请之日（收到当日即与申请人确认）",
    Channel.FAX: "传真：以双方确认之日为收到申请之日",
    Channel.EMAIL: "电子邮件：以双方确认之日为收到申请之日",
    Channel.ORAL: "口头提出：由工作人员代为填写并经申请人确认，以提出之日为收到申请之日",
}


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

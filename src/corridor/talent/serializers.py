from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from .enums import Mobility, Visibility, WorkMode
from .models import (
    Application,
    Credential,
    EligibilityCheck,
    EquivalenceRule,
    Job,
    Occupation,
    PermitPathway,
    PermitRule,
    ProfessionalProfile,
    Skill,
)


class TalentSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "alt_labels", "group", "source_url"]


class TalentOccupationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Occupation
        fields = ["id", "isco_code", "title", "is_digital", "source_url"]


class TalentLevelledSkillSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all())
    level = serializers.IntegerField(min_value=1, max_value=4)


class TalentLanguageSerializer(serializers.Serializer):
    language = serializers.CharField(max_length=8, help_text="ISO 639-1 code: en, ms, sw, zh, ta, fr or ar")
    level = serializers.IntegerField(min_value=1, max_value=4)


class TalentQualificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=200)
    awarding_body = serializers.CharField(max_length=200)
    country = serializers.CharField(source="country_id", max_length=2)
    framework = serializers.CharField(max_length=8, help_text="MQF, KNQF or other")
    level = serializers.IntegerField(min_value=1, max_value=10)
    credits = serializers.IntegerField(min_value=0, max_value=2000, required=False, allow_null=True)
    year = serializers.IntegerField(min_value=1950, max_value=2100, required=False, allow_null=True)
    verified = serializers.SerializerMethodField()

    def get_verified(self, obj) -> bool:
        return getattr(obj, "verified_at", None) is not None


class TalentProfileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name", read_only=True)
    occupation = serializers.CharField(
        source="occupation.isco_code", read_only=True, default=None, allow_null=True
    )
    country = serializers.CharField(source="country_id", read_only=True)
    desired_country = serializers.CharField(source="desired_country_id", read_only=True, allow_null=True)
    skills = serializers.SerializerMethodField()

    class Meta:
        model = ProfessionalProfile
        fields = [
            "id",
            "name",
            "headline",
            "occupation",
            "experience_years",
            "country",
            "desired_country",
            "mobility",
            "visibility",
            "skills",
            "updated_at",
        ]

    def get_skills(self, obj) -> list[dict]:
        return [{"skill": s.skill.code, "level": s.level} for s in obj.skills.all()]


class TalentProfileDetailSerializer(TalentProfileSerializer):
    languages = serializers.SerializerMethodField()
    qualifications = TalentQualificationSerializer(many=True, read_only=True)

    class Meta(TalentProfileSerializer.Meta):
        fields = [*TalentProfileSerializer.Meta.fields, "summary", "languages", "qualifications"]

    def get_languages(self, obj) -> list[dict]:
        return [{"language": lang.language, "level": lang.level} for lang in obj.languages.all()]


class TalentProfileWriteSerializer(serializers.Serializer):
    headline = serializers.CharField(max_length=160)
    summary = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    occupation = serializers.SlugRelatedField(
        slug_field="isco_code", queryset=Occupation.objects.all(), required=False, allow_null=True
    )
    experience_years = serializers.IntegerField(min_value=0, max_value=60, required=False)
    country = serializers.CharField(max_length=2)
    desired_country = serializers.CharField(max_length=2, required=False, allow_null=True)
    mobility = serializers.ChoiceField(choices=Mobility.choices, required=False)
    expected_salary = serializers.CharField(max_length=20, required=False, allow_null=True)
    expected_currency = serializers.CharField(max_length=3, required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    skills = TalentLevelledSkillSerializer(many=True, required=False)
    languages = TalentLanguageSerializer(many=True, required=False)
    qualifications = TalentQualificationSerializer(many=True, required=False)


class TalentJobSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    occupation = serializers.CharField(source="occupation.isco_code", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    country = serializers.CharField(source="country_id", read_only=True)
    skills = serializers.SerializerMethodField()
    language = serializers.CharField(read_only=True)
    qualification_framework = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "organisation",
            "title",
            "description",
            "occupation",
            "qualification_framework",
            "qualification_level",
            "min_experience_years",
            "language",
            "salary_min",
            "salary_max",
            "currency",
            "country",
            "city",
            "work_mode",
            "sponsors_permit",
            "expires_on",
            "status",
            "skills",
        ]

    def get_skills(self, obj) -> list[dict]:
        return [{"skill": s.skill.code, "level": s.level} for s in obj.skills.all()]


class TalentJobWriteSerializer(serializers.Serializer):
    organisation = serializers.SlugField()
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    occupation = serializers.SlugRelatedField(slug_field="isco_code", queryset=Occupation.objects.all())
    qualification_framework = serializers.CharField(
        max_length=8, required=False, help_text="MQF, KNQF or other"
    )
    qualification_level = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True)
    min_experience_years = serializers.IntegerField(min_value=0, max_value=40, required=False)
    language = serializers.CharField(max_length=8, required=False, help_text="ISO 639-1 code")
    salary_min = serializers.CharField(max_length=20)
    salary_max = serializers.CharField(max_length=20)
    currency = serializers.CharField(max_length=3)
    country = serializers.CharField(max_length=2)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    work_mode = serializers.ChoiceField(choices=WorkMode.choices, required=False)
    sponsors_permit = serializers.BooleanField(required=False)
    expires_on = serializers.DateField()
    skills = TalentLevelledSkillSerializer(many=True)


class TalentMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class TalentApplicationSerializer(serializers.ModelSerializer):
    professional = serializers.CharField(source="profile.user.full_name", read_only=True)
    direction = serializers.CharField(read_only=True)
    pathway = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "job",
            "profile",
            "professional",
            "status",
            "direction",
            "pathway",
            "moved_on",
            "updated_at",
        ]


class TalentApplicationWriteSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    cover_note = serializers.CharField(max_length=3000, required=False, allow_blank=True)


class TalentTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(
        max_length=14, help_text="shortlisted, offered, permit_filed, moved, returned, declined or withdrawn"
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    pathway = serializers.SlugRelatedField(
        slug_field="code", queryset=PermitPathway.objects.all(), required=False, allow_null=True
    )


class TalentEligibilityWriteSerializer(serializers.Serializer):
    profile = serializers.IntegerField()
    job = serializers.IntegerField(required=False, allow_null=True)
    income = serializers.CharField(max_length=20, required=False, allow_null=True)
    currency = serializers.CharField(max_length=3, required=False, allow_null=True)
    as_of = serializers.DateField(required=False, allow_null=True)


class TalentEligibilityCheckSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(source="currency_id", read_only=True)

    class Meta:
        model = EligibilityCheck
        fields = ["id", "profile", "job", "as_of", "income", "currency", "results", "created_at"]


class TalentEquivalenceRuleSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="indicative or recognised")

    class Meta:
        model = EquivalenceRule
        fields = [
            "id",
            "mqf_level",
            "knqf_level",
            "typical_award",
            "status",
            "source_url",
            "read_on",
            "valid_from",
            "valid_to",
            "note",
        ]


class TalentPermitRuleSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(source="currency_id", read_only=True)

    class Meta:
        model = PermitRule
        fields = [
            "id",
            "label",
            "version",
            "valid_from",
            "valid_to",
            "min_income",
            "max_income",
            "currency",
            "period",
            "occupation_prefixes",
            "requires_employer",
            "documents",
            "source_url",
            "read_on",
        ]


class TalentPathwaySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", read_only=True)
    rules = TalentPermitRuleSerializer(many=True, read_only=True)

    class Meta:
        model = PermitPathway
        fields = [
            "id",
            "code",
            "name",
            "country",
            "kind",
            "authority",
            "description",
            "source_url",
            "read_on",
            "retired_on",
            "rules",
        ]


class TalentPathwayWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="Cannot change once saved.")
    name = serializers.CharField(max_length=200)
    country = serializers.CharField(max_length=2, help_text="MY or KE")
    kind = serializers.CharField(max_length=12, help_text="employment or nomad")
    authority = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    source_url = serializers.URLField(max_length=200)
    read_on = serializers.DateField()


class TalentRuleWriteSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=80)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    min_income = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    max_income = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    currency = serializers.CharField(max_length=3)
    period = serializers.CharField(max_length=6, required=False, help_text="month or year")
    occupation_prefixes = serializers.ListField(
        child=serializers.CharField(max_length=4), required=False, max_length=50
    )
    requires_employer = serializers.BooleanField(required=False)
    documents = serializers.ListField(child=serializers.CharField(max_length=300), max_length=20)
    source_url = serializers.URLField(max_length=200)
    read_on = serializers.DateField()


class TalentRuleVersionWriteSerializer(serializers.Serializer):
    rule = serializers.IntegerField(help_text="The version being replaced")
    valid_from = serializers.DateField()
    min_income = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    max_income = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    documents = serializers.ListField(child=serializers.CharField(max_length=300), max_length=20)
    source_url = serializers.URLField(max_length=200)
    read_on = serializers.DateField()


class TalentRetireSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="No rule applies from this date")


class TalentCredentialSerializer(serializers.ModelSerializer):
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = Credential
        fields = ["id", "kind", "status_index", "revoked", "document", "created_at"]

    def get_revoked(self, obj) -> bool:
        return obj.revoked_at is not None


class TalentVerifyRequestSerializer(serializers.Serializer):
    credential = serializers.JSONField()


class TalentVerifyResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    messages = serializers.ListField(child=serializers.CharField())


@extend_schema_serializer(many=False)  # one object, though served by a view set's list action
class TalentStatsSerializer(serializers.Serializer):
    applications_by_status = serializers.DictField(child=serializers.IntegerField())
    moved_by_pathway_and_direction = serializers.ListField(child=serializers.DictField())

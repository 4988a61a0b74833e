"""The upload form of the import page."""

from django import forms

from core.forms import PlainForm

from .reader import ACCEPTED_EXTENSIONS, ACCEPTED_LABEL, max_bytes


class ImportUploadForm(PlainForm, forms.Form):
    file = forms.FileField(
        label="表格文件",
        help_text="支持 .xlsx、.xls、.csv（及 Excel 导出的“Unicode 文本” .txt）；"
        "第一张可见的工作表中须有表头行。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(".xlsm"):
            raise forms.ValidationError("不接受含宏的工作簿（.xlsm），请另存为 .xlsx 后重新上传。")
        if not name.endswith(ACCEPTED_EXTENSIONS):
            raise forms.ValidationError(f"只能导入 {ACCEPTED_LABEL} 文件。")
        if upload.size == 0:
            raise forms.ValidationError("文件是空的，没有任何内容。")
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件大小超过上限 {limit / 1024 / 1024:.0f} MB，请拆分后分批导入。"
            )
        return upload

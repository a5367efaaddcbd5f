"""Documents made from Word templates (issue 19): the 人民调解协议书 of a resolved case and the
调解笔录 of one record of work, as .docx (docxtpl, from the office's own layout or the built-in
one) and as an A4 PDF with the Chinese embedded (fpdf2 and the Noto Sans CJK font shipped by
the cvttf-notosanscjk-regular package). No Streamlit here."""

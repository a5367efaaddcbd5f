"""The bulk set-up workbook (批量设置, issue 17): a county's units and accounts in one Excel file.

    layout    the sheets and columns, the words a cell may hold, writing a workbook (the template,
              the export, the one-time passwords)
    reader    reading an upload, checked as hostile first (db.io.imports.container)
    check     every row checked against the file and the database, problems named by sheet,
              row and column; the new units sorted so that a parent comes before its children
    apply     all or nothing in one transaction, audited; the new accounts' one-time passwords
    export    the current tree and accounts in the same layout (round trip)

Decision: the workbook only creates. A row whose unit code (or username) already exists is
"already there" and skipped when it says the same as the database (name, kind, parent, the
daily-report setting when filled in; name, role, unit, the phone when given unmasked), and an
error otherwise: changes to existing units and accounts are made in 系统管理, one by one,
each with its own audit.
"""

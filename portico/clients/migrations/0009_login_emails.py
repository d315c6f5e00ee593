from django.db import migrations, models

# The SQL of clients/tallies.py, sort_keys.py and search.py as of this migration's commit, written
# out as manage.py triggersql does.
# Before the rebuild: every trigger naming the accounts table (0007's tallies, 0008's sort keys).
# clients/tallies.py as of 9774062: uninstall; clients/tallies.py as of c962ea5: uninstall; clients/sort_keys.py as of 0136839: uninstall; clients/sort_keys.py as of c962ea5: uninstall
DROP_TRIGGERS = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_delete()',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
    ],
}

# Going back, once the column is gone: 0004's search index, 0007's tallies and 0008's sort keys.
# clients/search.py as of c962ea5: install; clients/tallies.py as of 9774062: install; clients/sort_keys.py as of 0136839: install
RESTORE_TRIGGERS = {
    'sqlite': [
        (
            'CREATE VIRTUAL TABLE IF NOT EXISTS clients_account_search USING fts5(\n'
            "        search_text, content='clients_clientaccount', content_rowid='id', "
            "tokenize='trigram')"
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_insert AFTER INSERT ON '
            'clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(rowid, search_text) VALUES (new.id, '
            'new.search_text); END'
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_delete AFTER DELETE ON '
            'clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(clients_account_search, rowid, '
            'search_text)\n'
            "        VALUES ('delete', old.id, old.search_text); END"
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_update\n'
            '        AFTER UPDATE OF search_text ON clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(clients_account_search, rowid, '
            'search_text)\n'
            "        VALUES ('delete', old.id, old.search_text);\n"
            '        INSERT INTO clients_account_search(rowid, search_text) VALUES (new.id, '
            'new.search_text); END'
        ),
        "INSERT INTO clients_account_search(clients_account_search) VALUES ('rebuild')",
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON clients_clientaccount '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, '
            "NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id '
            'AS firm_id, NEW.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON clients_clientaccount '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id AS firm_id, '
            "OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id '
            'AS firm_id, OLD.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON clients_clientaccount '
            'FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.firm_id IS NOT NEW.firm_id OR '
            'OLD.onboarding IS NOT NEW.onboarding) BEGIN UPDATE clients_firmtally SET '
            'active_accounts = clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id AS '
            "firm_id, OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active' UNION ALL SELECT "
            'r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, '
            "NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id '
            'AS firm_id, OLD.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active' UNION ALL SELECT t.member_id AS k, 1 "
            'AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, NEW.onboarding AS onboarding) r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT r.member_id AS k, 1 AS v FROM (SELECT NEW.member_id AS member_id, '
            'NEW.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = r.account_id '
            "WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership FOR EACH ROW WHEN (OLD.member_id IS NOT NEW.member_id OR '
            'OLD.account_id IS NOT NEW.account_id) BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, 1 AS v "
            'FROM (SELECT NEW.member_id AS member_id, NEW.account_id AS account_id) r JOIN '
            "clients_clientaccount a ON a.id = r.account_id WHERE a.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON clients_emailswitches '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, '
            'NEW.login AS login) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.login AS '
            'login) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, firm_id) '
            'SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, '
            'NEW.login AS login) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON clients_emailswitches '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, '
            'OLD.login AS login) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, OLD.login AS '
            'login) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, firm_id) '
            'SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, '
            'OLD.login AS login) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id, OLD.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON clients_emailswitches '
            'FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id OR OLD.login IS NOT NEW.login) '
            'BEGIN UPDATE clients_firmtally SET pending_emails = clients_firmtally.pending_emails + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, OLD.login AS login) r UNION '
            'SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND '
            'NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT '
            'p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id, OLD.login AS login) r UNION SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, OLD.login AS login) r UNION '
            'SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND '
            'NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, OLD.login '
            'AS login) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.login AS '
            'login) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON portal_portalidentity '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) '
            'AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT '
            'p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON portal_portalidentity '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) '
            'AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT '
            'p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON portal_portalidentity '
            'FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id) BEGIN UPDATE clients_firmtally SET '
            'pending_emails = clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS '
            'email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id '
            'AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) '
            'UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id '
            'FROM (SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW BEGIN '
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails) VALUES '
            '(NEW.id, 0, 0); END'
        ),
        (
            'CREATE TRIGGER tally_firms_member_insert AFTER INSERT ON firms_member FOR EACH ROW '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, 0); '
            'END'
        ),
        'DELETE FROM clients_firmtally',
        'DELETE FROM clients_membertally',
        'DELETE FROM clients_pendingemail',
        (
            'INSERT INTO clients_pendingemail (email_id, firm_id)\n'
            '    SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id\n'
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id))'
        ),
        (
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails)\n'
            '    SELECT f.id,\n'
            '        (SELECT COUNT(*) FROM clients_clientaccount a\n'
            "         WHERE a.firm_id = f.id AND a.onboarding = 'active'),\n"
            '        (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id)\n'
            '    FROM firms_firm f'
        ),
        (
            'INSERT INTO clients_membertally (member_id, active_accounts)\n'
            '    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t\n'
            '        JOIN clients_clientaccount a ON a.id = t.account_id\n'
            "        WHERE t.member_id = m.id AND a.onboarding = 'active')\n"
            '    FROM firms_member m'
        ),
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = n.missing_receipts FROM (SELECT NEW.account_id AS account_id, '
            'NEW.missing_receipts AS missing_receipts) n WHERE clients_clientaccount.id = '
            'n.account_id AND clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; '
            'END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id '
            'AS account_id, OLD.missing_receipts AS missing_receipts)) AND id NOT IN (SELECT '
            'account_id FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts)); UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id '
            'AS account_id, OLD.missing_receipts AS missing_receipts)); END'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'onboarding, sort_missing_receipts DESC, name_key, id)'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = n.last_login FROM (SELECT NEW.account_id AS account_id, '
            'NEW.last_login AS last_login) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_last_login IS NOT n.last_login; END'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id AS '
            'account_id, OLD.last_login AS last_login)) AND id NOT IN (SELECT account_id FROM '
            '(SELECT NEW.account_id AS account_id, NEW.last_login AS last_login)); UPDATE '
            'clients_clientaccount SET sort_last_login = n.last_login FROM (SELECT NEW.account_id AS '
            'account_id, NEW.last_login AS last_login) n WHERE clients_clientaccount.id = '
            'n.account_id AND clients_clientaccount.sort_last_login IS NOT n.last_login; END'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id AS '
            'account_id, OLD.last_login AS last_login)); END'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'onboarding, sort_last_login DESC, name_key, id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
        'ANALYZE clients_clientaccount',
    ],
    'postgresql': [
        'CREATE EXTENSION IF NOT EXISTS pg_trgm',
        (
            'CREATE INDEX IF NOT EXISTS account_search_trgm ON clients_clientaccount USING gin '
            '(search_text gin_trgm_ops)'
        ),
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
        (
            'CREATE FUNCTION tally_clients_clientaccount_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, 1 AS v FROM new_rows r WHERE r.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM new_rows r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON clients_clientaccount '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_clientaccount_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM old_rows r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON clients_clientaccount '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_clientaccount_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active' UNION ALL "
            "SELECT r.firm_id AS k, 1 AS v FROM new_rows r WHERE r.onboarding = 'active') c GROUP BY "
            'k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM old_rows r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active' "
            'UNION ALL SELECT t.member_id AS k, 1 AS v FROM new_rows r JOIN clients_teammembership t '
            "ON t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) "
            'd WHERE clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON clients_clientaccount '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_clientaccount_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, 1 AS v FROM new_rows r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON a.id '
            "= r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON a.id '
            "= r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, 1 AS v "
            'FROM new_rows r JOIN clients_clientaccount a ON a.id = r.account_id WHERE a.onboarding '
            "= 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = "
            'd.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION tally_clients_teammembership_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM new_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON clients_emailswitches '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_emailswitches_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM old_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON clients_emailswitches '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_emailswitches_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id '
            'FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows '
            'r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id '
            'AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS '
            '(SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON clients_emailswitches '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_emailswitches_update()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM new_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON portal_portalidentity '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_portal_portalidentity_insert()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM old_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON portal_portalidentity '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_portal_portalidentity_delete()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id '
            'FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows '
            'r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id '
            'AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS '
            '(SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON portal_portalidentity '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_portal_portalidentity_update()'
        ),
        (
            'CREATE FUNCTION tally_firms_firm_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails) VALUES '
            '(NEW.id, 0, 0); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW EXECUTE '
            'FUNCTION tally_firms_firm_insert()'
        ),
        (
            'CREATE FUNCTION tally_firms_member_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, 0); '
            'RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_firms_member_insert AFTER INSERT ON firms_member FOR EACH ROW '
            'EXECUTE FUNCTION tally_firms_member_insert()'
        ),
        'DELETE FROM clients_firmtally',
        'DELETE FROM clients_membertally',
        'DELETE FROM clients_pendingemail',
        (
            'INSERT INTO clients_pendingemail (email_id, firm_id)\n'
            '    SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id\n'
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id))'
        ),
        (
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails)\n'
            '    SELECT f.id,\n'
            '        (SELECT COUNT(*) FROM clients_clientaccount a\n'
            "         WHERE a.firm_id = f.id AND a.onboarding = 'active'),\n"
            '        (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id)\n'
            '    FROM firms_firm f'
        ),
        (
            'INSERT INTO clients_membertally (member_id, active_accounts)\n'
            '    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t\n'
            '        JOIN clients_clientaccount a ON a.id = t.account_id\n'
            "        WHERE t.member_id = m.id AND a.onboarding = 'active')\n"
            '    FROM firms_member m'
        ),
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_delete()',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL WHERE '
            'id IN (SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM '
            'new_rows); UPDATE clients_clientaccount SET sort_missing_receipts = n.missing_receipts '
            'FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION sort_key_expenses_expensesummary_update()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL WHERE '
            'id IN (SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_delete()'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'onboarding, sort_missing_receipts DESC NULLS LAST, name_key, id)'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = n.last_login '
            'FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_last_login IS DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id IN '
            '(SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM new_rows); '
            'UPDATE clients_clientaccount SET sort_last_login = n.last_login FROM new_rows n WHERE '
            'clients_clientaccount.id = n.account_id AND clients_clientaccount.sort_last_login IS '
            'DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION sort_key_portal_portalactivity_update()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id IN '
            '(SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_delete()'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'onboarding, sort_last_login DESC NULLS LAST, name_key, id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
    ],
}

# After the rebuild: the search index (which the rebuild dropped on SQLite), the tallies (now
# counting login emails) and the sort keys; everything counted anew.
# clients/search.py as of c962ea5: install; clients/tallies.py as of c962ea5: install; clients/sort_keys.py as of c962ea5: install
INSTALL_TRIGGERS = {
    'sqlite': [
        (
            'CREATE VIRTUAL TABLE IF NOT EXISTS clients_account_search USING fts5(\n'
            "        search_text, content='clients_clientaccount', content_rowid='id', "
            "tokenize='trigram')"
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_insert AFTER INSERT ON '
            'clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(rowid, search_text) VALUES (new.id, '
            'new.search_text); END'
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_delete AFTER DELETE ON '
            'clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(clients_account_search, rowid, '
            'search_text)\n'
            "        VALUES ('delete', old.id, old.search_text); END"
        ),
        (
            'CREATE TRIGGER IF NOT EXISTS clients_account_search_update\n'
            '        AFTER UPDATE OF search_text ON clients_clientaccount\n'
            '        BEGIN INSERT INTO clients_account_search(clients_account_search, rowid, '
            'search_text)\n'
            "        VALUES ('delete', old.id, old.search_text);\n"
            '        INSERT INTO clients_account_search(rowid, search_text) VALUES (new.id, '
            'new.search_text); END'
        ),
        "INSERT INTO clients_account_search(clients_account_search) VALUES ('rebuild')",
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON clients_clientaccount '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, '
            "NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id '
            'AS firm_id, NEW.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON clients_clientaccount '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id AS firm_id, '
            "OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id '
            'AS firm_id, OLD.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON clients_clientaccount '
            'FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.firm_id IS NOT NEW.firm_id OR '
            'OLD.onboarding IS NOT NEW.onboarding) BEGIN UPDATE clients_firmtally SET '
            'active_accounts = clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id AS '
            "firm_id, OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active' UNION ALL SELECT "
            'r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, '
            "NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id '
            'AS firm_id, OLD.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active' UNION ALL SELECT t.member_id AS k, 1 "
            'AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, NEW.onboarding AS onboarding) r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT r.member_id AS k, 1 AS v FROM (SELECT NEW.member_id AS member_id, '
            'NEW.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = r.account_id '
            "WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership FOR EACH ROW WHEN (OLD.member_id IS NOT NEW.member_id OR '
            'OLD.account_id IS NOT NEW.account_id) BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, 1 AS v "
            'FROM (SELECT NEW.member_id AS member_id, NEW.account_id AS account_id) r JOIN '
            "clients_clientaccount a ON a.id = r.account_id WHERE a.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON clients_emailswitches '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.link_id AS link_id, '
            'NEW.login AS login, NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT NEW.link_id '
            'AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT NEW.link_id AS link_id, NEW.login AS login, '
            'NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT NEW.link_id AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))); UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, 1 AS v FROM (SELECT NEW.link_id AS link_id, NEW.login AS '
            'login, NEW.email_id AS email_id) r JOIN clients_accountcontact l ON l.id = r.link_id '
            'WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; '
            'END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON clients_emailswitches '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, '
            'OLD.login AS login, OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT OLD.link_id '
            'AS link_id, OLD.login AS login, OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, OLD.login AS login, '
            'OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT OLD.link_id AS link_id, OLD.login AS login, OLD.email_id AS email_id) r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))); UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, -1 AS v FROM (SELECT OLD.link_id AS link_id, OLD.login AS '
            'login, OLD.email_id AS email_id) r JOIN clients_accountcontact l ON l.id = r.link_id '
            'WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; '
            'END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON clients_emailswitches '
            'FOR EACH ROW WHEN (OLD.link_id IS NOT NEW.link_id OR OLD.login IS NOT NEW.login OR '
            'OLD.email_id IS NOT NEW.email_id) BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, '
            'OLD.login AS login, OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT '
            'NEW.link_id AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS '
            '(SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT '
            'p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT OLD.link_id AS link_id, OLD.login AS login, OLD.email_id AS email_id) r UNION '
            'SELECT r.email_id FROM (SELECT NEW.link_id AS link_id, NEW.login AS login, NEW.email_id '
            'AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id '
            '= p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, firm_id) '
            'SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, '
            'OLD.login AS login, OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT '
            'NEW.link_id AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS '
            '(SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, OLD.login '
            'AS login, OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.link_id '
            'AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); UPDATE '
            'clients_clientaccount SET login_emails = clients_clientaccount.login_emails + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT l.account_id AS k, -1 AS v FROM (SELECT '
            'OLD.link_id AS link_id, OLD.login AS login, OLD.email_id AS email_id) r JOIN '
            'clients_accountcontact l ON l.id = r.link_id WHERE r.login UNION ALL SELECT '
            'l.account_id AS k, 1 AS v FROM (SELECT NEW.link_id AS link_id, NEW.login AS login, '
            'NEW.email_id AS email_id) r JOIN clients_accountcontact l ON l.id = r.link_id WHERE '
            'r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_insert AFTER INSERT ON '
            'clients_accountcontact FOR EACH ROW BEGIN UPDATE clients_clientaccount SET login_emails '
            '= clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP '
            'BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_delete AFTER DELETE ON '
            'clients_accountcontact FOR EACH ROW BEGIN UPDATE clients_clientaccount SET login_emails '
            '= clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP '
            'BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_update AFTER UPDATE ON '
            'clients_accountcontact FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.account_id IS NOT '
            'NEW.account_id) BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login UNION ALL '
            'SELECT r.account_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP '
            'BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON portal_portalidentity '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) '
            'AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT '
            'p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON portal_portalidentity '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) '
            'AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT '
            'p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON portal_portalidentity '
            'FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id) BEGIN UPDATE clients_firmtally SET '
            'pending_emails = clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS '
            'email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id '
            'AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) '
            'UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id '
            'FROM (SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW BEGIN '
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails) VALUES '
            '(NEW.id, 0, 0); END'
        ),
        (
            'CREATE TRIGGER tally_firms_member_insert AFTER INSERT ON firms_member FOR EACH ROW '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, 0); '
            'END'
        ),
        (
            'UPDATE clients_clientaccount SET login_emails = (SELECT COUNT(*)\n'
            '    FROM clients_emailswitches s JOIN clients_accountcontact l ON l.id = s.link_id\n'
            '    WHERE l.account_id = clients_clientaccount.id AND s.login)'
        ),
        'DELETE FROM clients_firmtally',
        'DELETE FROM clients_membertally',
        'DELETE FROM clients_pendingemail',
        (
            'INSERT INTO clients_pendingemail (email_id, firm_id)\n'
            '    SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id\n'
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id))'
        ),
        (
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails)\n'
            '    SELECT f.id,\n'
            '        (SELECT COUNT(*) FROM clients_clientaccount a\n'
            "         WHERE a.firm_id = f.id AND a.onboarding = 'active'),\n"
            '        (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id)\n'
            '    FROM firms_firm f'
        ),
        (
            'INSERT INTO clients_membertally (member_id, active_accounts)\n'
            '    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t\n'
            '        JOIN clients_clientaccount a ON a.id = t.account_id\n'
            "        WHERE t.member_id = m.id AND a.onboarding = 'active')\n"
            '    FROM firms_member m'
        ),
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = n.missing_receipts FROM (SELECT NEW.account_id AS account_id, '
            'NEW.missing_receipts AS missing_receipts) n WHERE clients_clientaccount.id = '
            'n.account_id AND clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; '
            'END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id '
            'AS account_id, OLD.missing_receipts AS missing_receipts)) AND id NOT IN (SELECT '
            'account_id FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts)); UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM (SELECT NEW.account_id AS account_id, NEW.missing_receipts AS '
            'missing_receipts) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS NOT n.missing_receipts; END'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_missing_receipts = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id '
            'AS account_id, OLD.missing_receipts AS missing_receipts)); END'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'onboarding, sort_missing_receipts DESC, name_key, id)'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = n.last_login FROM (SELECT NEW.account_id AS account_id, '
            'NEW.last_login AS last_login) n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_last_login IS NOT n.last_login; END'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id AS '
            'account_id, OLD.last_login AS last_login)) AND id NOT IN (SELECT account_id FROM '
            '(SELECT NEW.account_id AS account_id, NEW.last_login AS last_login)); UPDATE '
            'clients_clientaccount SET sort_last_login = n.last_login FROM (SELECT NEW.account_id AS '
            'account_id, NEW.last_login AS last_login) n WHERE clients_clientaccount.id = '
            'n.account_id AND clients_clientaccount.sort_last_login IS NOT n.last_login; END'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'sort_last_login = NULL WHERE id IN (SELECT account_id FROM (SELECT OLD.account_id AS '
            'account_id, OLD.last_login AS last_login)); END'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'onboarding, sort_last_login DESC, name_key, id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
        'ANALYZE clients_clientaccount',
    ],
    'postgresql': [
        'CREATE EXTENSION IF NOT EXISTS pg_trgm',
        (
            'CREATE INDEX IF NOT EXISTS account_search_trgm ON clients_clientaccount USING gin '
            '(search_text gin_trgm_ops)'
        ),
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
        (
            'CREATE FUNCTION tally_clients_clientaccount_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, 1 AS v FROM new_rows r WHERE r.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM new_rows r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON clients_clientaccount '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_clientaccount_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM old_rows r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON clients_clientaccount '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_clientaccount_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active' UNION ALL "
            "SELECT r.firm_id AS k, 1 AS v FROM new_rows r WHERE r.onboarding = 'active') c GROUP BY "
            'k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM old_rows r '
            "JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active' "
            'UNION ALL SELECT t.member_id AS k, 1 AS v FROM new_rows r JOIN clients_teammembership t '
            "ON t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) "
            'd WHERE clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON clients_clientaccount '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_clientaccount_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, 1 AS v FROM new_rows r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON a.id '
            "= r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON a.id '
            "= r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, 1 AS v "
            'FROM new_rows r JOIN clients_clientaccount a ON a.id = r.account_id WHERE a.onboarding '
            "= 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = "
            'd.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION tally_clients_teammembership_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM new_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); UPDATE clients_clientaccount '
            'SET login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT l.account_id AS k, 1 AS v FROM new_rows r JOIN '
            'clients_accountcontact l ON l.id = r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON clients_emailswitches '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_emailswitches_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM old_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); UPDATE clients_clientaccount '
            'SET login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT l.account_id AS k, -1 AS v FROM old_rows r JOIN '
            'clients_accountcontact l ON l.id = r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON clients_emailswitches '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_clients_emailswitches_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id '
            'FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows '
            'r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id '
            'AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS '
            '(SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, -1 AS v FROM old_rows r JOIN clients_accountcontact l ON '
            'l.id = r.link_id WHERE r.login UNION ALL SELECT l.account_id AS k, 1 AS v FROM new_rows '
            'r JOIN clients_accountcontact l ON l.id = r.link_id WHERE r.login) c GROUP BY k HAVING '
            'SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON clients_emailswitches '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_emailswitches_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, 1 AS v FROM new_rows r JOIN clients_emailswitches s ON '
            's.link_id = r.id WHERE s.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_insert AFTER INSERT ON '
            'clients_accountcontact REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_accountcontact_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM old_rows r JOIN clients_emailswitches s ON '
            's.link_id = r.id WHERE s.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_delete AFTER DELETE ON '
            'clients_accountcontact REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_accountcontact_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM old_rows r JOIN clients_emailswitches s ON '
            's.link_id = r.id WHERE s.login UNION ALL SELECT r.account_id AS k, 1 AS v FROM new_rows '
            'r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP BY k HAVING '
            'SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_update AFTER UPDATE ON '
            'clients_accountcontact REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION tally_clients_accountcontact_update()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM new_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON portal_portalidentity '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_portal_portalidentity_insert()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT '
            '1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 '
            'FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM old_rows r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail WHERE '
            'email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON portal_portalidentity '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'tally_portal_portalidentity_delete()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT '
            'c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id '
            'FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows '
            'r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id '
            'AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; '
            'INSERT INTO clients_pendingemail (email_id, firm_id) SELECT e.id, c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS '
            '(SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON portal_portalidentity '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_portal_portalidentity_update()'
        ),
        (
            'CREATE FUNCTION tally_firms_firm_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails) VALUES '
            '(NEW.id, 0, 0); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW EXECUTE '
            'FUNCTION tally_firms_firm_insert()'
        ),
        (
            'CREATE FUNCTION tally_firms_member_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, 0); '
            'RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_firms_member_insert AFTER INSERT ON firms_member FOR EACH ROW '
            'EXECUTE FUNCTION tally_firms_member_insert()'
        ),
        (
            'UPDATE clients_clientaccount SET login_emails = (SELECT COUNT(*)\n'
            '    FROM clients_emailswitches s JOIN clients_accountcontact l ON l.id = s.link_id\n'
            '    WHERE l.account_id = clients_clientaccount.id AND s.login)'
        ),
        'DELETE FROM clients_firmtally',
        'DELETE FROM clients_membertally',
        'DELETE FROM clients_pendingemail',
        (
            'INSERT INTO clients_pendingemail (email_id, firm_id)\n'
            '    SELECT e.id, c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = '
            'e.contact_id\n'
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id))'
        ),
        (
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails)\n'
            '    SELECT f.id,\n'
            '        (SELECT COUNT(*) FROM clients_clientaccount a\n'
            "         WHERE a.firm_id = f.id AND a.onboarding = 'active'),\n"
            '        (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id)\n'
            '    FROM firms_firm f'
        ),
        (
            'INSERT INTO clients_membertally (member_id, active_accounts)\n'
            '    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t\n'
            '        JOIN clients_clientaccount a ON a.id = t.account_id\n'
            "        WHERE t.member_id = m.id AND a.onboarding = 'active')\n"
            '    FROM firms_member m'
        ),
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_delete()',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = '
            'n.missing_receipts FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_insert AFTER INSERT ON '
            'expenses_expensesummary REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL WHERE '
            'id IN (SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM '
            'new_rows); UPDATE clients_clientaccount SET sort_missing_receipts = n.missing_receipts '
            'FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_missing_receipts IS DISTINCT FROM n.missing_receipts; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_update AFTER UPDATE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION sort_key_expenses_expensesummary_update()'
        ),
        (
            'CREATE FUNCTION sort_key_expenses_expensesummary_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_missing_receipts = NULL WHERE '
            'id IN (SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_expenses_expensesummary_delete AFTER DELETE ON '
            'expenses_expensesummary REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_expenses_expensesummary_delete()'
        ),
        (
            'CREATE INDEX account_list_sort_missing_receipts ON clients_clientaccount (firm_id, '
            'onboarding, sort_missing_receipts DESC NULLS LAST, name_key, id)'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = n.last_login '
            'FROM new_rows n WHERE clients_clientaccount.id = n.account_id AND '
            'clients_clientaccount.sort_last_login IS DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_insert AFTER INSERT ON '
            'portal_portalactivity REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_insert()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id IN '
            '(SELECT account_id FROM old_rows) AND id NOT IN (SELECT account_id FROM new_rows); '
            'UPDATE clients_clientaccount SET sort_last_login = n.last_login FROM new_rows n WHERE '
            'clients_clientaccount.id = n.account_id AND clients_clientaccount.sort_last_login IS '
            'DISTINCT FROM n.last_login; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_update AFTER UPDATE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION sort_key_portal_portalactivity_update()'
        ),
        (
            'CREATE FUNCTION sort_key_portal_portalactivity_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET sort_last_login = NULL WHERE id IN '
            '(SELECT account_id FROM old_rows); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER sort_key_portal_portalactivity_delete AFTER DELETE ON '
            'portal_portalactivity REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION sort_key_portal_portalactivity_delete()'
        ),
        (
            'CREATE INDEX account_list_sort_last_login ON clients_clientaccount (firm_id, '
            'onboarding, sort_last_login DESC NULLS LAST, name_key, id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_missing_receipts = (SELECT s.missing_receipts '
            'FROM expenses_expensesummary s WHERE s.account_id = clients_clientaccount.id)'
        ),
        (
            'UPDATE clients_clientaccount SET sort_last_login = (SELECT s.last_login FROM '
            'portal_portalactivity s WHERE s.account_id = clients_clientaccount.id)'
        ),
    ],
}

# clients/tallies.py as of c962ea5: uninstall; clients/sort_keys.py as of c962ea5: uninstall; clients/search.py as of c962ea5: uninstall
UNINSTALL_TRIGGERS = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update',
        'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        'DROP TRIGGER IF EXISTS clients_account_search_insert',
        'DROP TRIGGER IF EXISTS clients_account_search_delete',
        'DROP TRIGGER IF EXISTS clients_account_search_update',
        'DROP TABLE IF EXISTS clients_account_search',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_insert ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_insert()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_update ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_update()',
        (
            'DROP TRIGGER IF EXISTS sort_key_expenses_expensesummary_delete ON '
            'expenses_expensesummary'
        ),
        'DROP FUNCTION IF EXISTS sort_key_expenses_expensesummary_delete()',
        'DROP INDEX IF EXISTS account_list_sort_missing_receipts',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_insert ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_insert()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_update ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_update()',
        'DROP TRIGGER IF EXISTS sort_key_portal_portalactivity_delete ON portal_portalactivity',
        'DROP FUNCTION IF EXISTS sort_key_portal_portalactivity_delete()',
        'DROP INDEX IF EXISTS account_list_sort_last_login',
        'DROP INDEX IF EXISTS account_search_trgm',
    ],
}


def run(statements):
    """A migration step executing, as written here, the statements of the database it runs on
    (none on another database)."""

    def step(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return step


class Migration(migrations.Migration):
    """Each account's count of login emails, kept by the tally triggers (C-7 status).

    The search index comes first in both directions: PostgreSQL refuses CREATE INDEX (even IF
    NOT EXISTS) on a table with pending trigger events, and the sort keys' refill, which updates
    every account twice in this transaction, leaves the foreign keys' deferred checks pending.

    SQLite adds this column by rebuilding the accounts table, which it refuses while triggers
    that name the table exist: they are dropped first and installed again after, counted anew;
    so are the search index's triggers, which the rebuild drops."""

    dependencies = [
        ("clients", "0008_sort_keys"),
    ]

    operations = [
        migrations.RunPython(run(DROP_TRIGGERS), run(RESTORE_TRIGGERS)),
        migrations.AddField(
            model_name="clientaccount",
            name="login_emails",
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.RunPython(run(INSTALL_TRIGGERS), run(UNINSTALL_TRIGGERS)),
    ]

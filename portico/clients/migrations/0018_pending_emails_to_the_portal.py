"""The Pending activation set leaves the foundation for the portal (issue 16): PendingEmail
becomes the portal's model (portal 0003 takes it into its state; the table keeps its name) and
FirmTally loses pending_emails, which the portal counts in a table of its own (PendingTally).
The tally triggers no longer keep the set: the portal's own triggers do (portal/pending.py).

Literal SQL, frozen here (docs/ARCHITECTURE.md, "Migrations are frozen"). SQLite refuses to drop
a column that triggers name, so the old triggers go first and the new ones come after."""

from django.db import migrations

# Before: the tally triggers of 0011, which keep the PendingEmail set, and its key triggers.
# clients/pending_keys.py as of ceb9222: uninstall; clients/tallies.py as of ceb9222: uninstall
DROP_OLD = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_insert()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_update()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_delete()',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update ON clients_contactemail',
        'DROP FUNCTION IF EXISTS pending_key_clients_contactemail_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
    ],
}

# Going back, once pending_emails is there again: 0011's triggers, counted anew (the same SQL
# as 0011's INSTALL_TRIGGERS).
# clients/tallies.py as of ceb9222: install; clients/pending_keys.py as of ceb9222: install
RESTORE_OLD = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON '
            'clients_clientaccount FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts '
            '= clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, '
            "NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM (SELECT NEW.id AS id, '
            'NEW.firm_id AS firm_id, NEW.onboarding AS onboarding) r JOIN clients_teammembership t '
            "ON t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> "
            '0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON '
            'clients_clientaccount FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.firm_id IS NOT '
            'NEW.firm_id OR OLD.onboarding IS NOT NEW.onboarding) BEGIN UPDATE clients_firmtally '
            'SET active_accounts = clients_firmtally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, '
            "OLD.firm_id AS firm_id, OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active' "
            'UNION ALL SELECT r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS '
            "firm_id, NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k "
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM '
            '(SELECT OLD.id AS id, OLD.firm_id AS firm_id, OLD.onboarding AS onboarding) r JOIN '
            "clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active' UNION "
            'ALL SELECT t.member_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS '
            'firm_id, NEW.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON '
            'clients_clientaccount FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts '
            '= clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id AS firm_id, '
            "OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM (SELECT OLD.id AS id, '
            'OLD.firm_id AS firm_id, OLD.onboarding AS onboarding) r JOIN clients_teammembership t '
            "ON t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> "
            '0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.member_id AS k, 1 AS v FROM (SELECT NEW.member_id AS '
            'member_id, NEW.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership FOR EACH ROW WHEN (OLD.member_id IS NOT NEW.member_id OR '
            'OLD.account_id IS NOT NEW.account_id) BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, 1 AS v "
            'FROM (SELECT NEW.member_id AS member_id, NEW.account_id AS account_id) r JOIN '
            "clients_clientaccount a ON a.id = r.account_id WHERE a.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON '
            'clients_emailswitches FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails '
            '= clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.link_id AS '
            'link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'NEW.link_id AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND NOT '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = '
            'd.k; INSERT INTO clients_pendingemail (email_id, firm_id, address, sent_at, unsent) '
            'SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE '
            "i.email_id = e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM "
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS "
            'NULL FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE '
            'e.id IN (SELECT r.email_id FROM (SELECT NEW.link_id AS link_id, NEW.login AS login, '
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
            'WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = '
            'd.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON '
            'clients_emailswitches FOR EACH ROW WHEN (OLD.link_id IS NOT NEW.link_id OR OLD.login '
            'IS NOT NEW.login OR OLD.email_id IS NOT NEW.email_id) BEGIN UPDATE clients_firmtally '
            'SET pending_emails = clients_firmtally.pending_emails + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT OLD.link_id AS link_id, OLD.login AS login, OLD.email_id AS email_id) r UNION '
            'SELECT r.email_id FROM (SELECT NEW.link_id AS link_id, NEW.login AS login, '
            'NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, OLD.login AS '
            'login, OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.link_id '
            'AS link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT '
            '1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c '
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id, address, sent_at, unsent) SELECT e.id, '
            'c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i "
            "WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS NULL FROM "
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, OLD.login AS login, '
            'OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.link_id AS '
            'link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail '
            'WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN '
            '(SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, OLD.login AS login, '
            'OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.link_id AS '
            'link_id, NEW.login AS login, NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 '
            'FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); '
            'UPDATE clients_clientaccount SET login_emails = clients_clientaccount.login_emails + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT l.account_id AS k, -1 AS v FROM '
            '(SELECT OLD.link_id AS link_id, OLD.login AS login, OLD.email_id AS email_id) r JOIN '
            'clients_accountcontact l ON l.id = r.link_id WHERE r.login UNION ALL SELECT '
            'l.account_id AS k, 1 AS v FROM (SELECT NEW.link_id AS link_id, NEW.login AS login, '
            'NEW.email_id AS email_id) r JOIN clients_accountcontact l ON l.id = r.link_id WHERE '
            'r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON '
            'clients_emailswitches FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails '
            '= clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS '
            'link_id, OLD.login AS login, OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.link_id AS link_id, OLD.login AS login, OLD.email_id AS email_id) r) AND NOT '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = '
            'd.k; INSERT INTO clients_pendingemail (email_id, firm_id, address, sent_at, unsent) '
            'SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE '
            "i.email_id = e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM "
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS "
            'NULL FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE '
            'e.id IN (SELECT r.email_id FROM (SELECT OLD.link_id AS link_id, OLD.login AS login, '
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
            'WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = '
            'd.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_insert AFTER INSERT ON '
            'clients_accountcontact FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT r.account_id AS k, 1 AS v FROM (SELECT NEW.id AS id, '
            'NEW.account_id AS account_id) r JOIN clients_emailswitches s ON s.link_id = r.id '
            'WHERE s.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = '
            'd.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_update AFTER UPDATE ON '
            'clients_accountcontact FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.account_id IS '
            'NOT NEW.account_id) BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login UNION '
            'ALL SELECT r.account_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP '
            'BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_delete AFTER DELETE ON '
            'clients_accountcontact FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT r.account_id AS k, -1 AS v FROM (SELECT OLD.id AS id, '
            'OLD.account_id AS account_id) r JOIN clients_emailswitches s ON s.link_id = r.id '
            'WHERE s.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = '
            'd.k; END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON '
            'portal_portalidentity FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails '
            '= clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS '
            'email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND NOT '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = '
            'd.k; INSERT INTO clients_pendingemail (email_id, firm_id, address, sent_at, unsent) '
            'SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE '
            "i.email_id = e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM "
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS "
            'NULL FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE '
            'e.id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON '
            'portal_portalidentity FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id) BEGIN '
            'UPDATE clients_firmtally SET pending_emails = clients_firmtally.pending_emails + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r UNION SELECT r.email_id '
            'FROM (SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS '
            'email_id) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id '
            '= p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, firm_id, '
            'address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM '
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')), "
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN clients_contact c ON "
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS '
            'email_id) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND '
            'NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE '
            'FROM clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS '
            'email_id) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id '
            '= p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON '
            'portal_portalidentity FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails '
            '= clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS '
            'email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND NOT '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = '
            'd.k; INSERT INTO clients_pendingemail (email_id, firm_id, address, sent_at, unsent) '
            'SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE '
            "i.email_id = e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM "
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS "
            'NULL FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE '
            'e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM '
            'clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p '
            'WHERE p.email_id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND '
            'NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'p.email_id))); END'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW BEGIN '
            'INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails) VALUES '
            '(NEW.id, 0, 0); END'
        ),
        (
            'CREATE TRIGGER tally_firms_member_insert AFTER INSERT ON firms_member FOR EACH ROW '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, '
            '0); END'
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
            'INSERT INTO clients_pendingemail (email_id, firm_id, address, sent_at, unsent)\n'
            '    SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE '
            "i.email_id = e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM "
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS "
            'NULL\n'
            '    FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id\n'
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'e.id))'
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
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update',
        (
            'CREATE TRIGGER pending_key_portal_invitation_insert AFTER INSERT ON portal_invitation '
            'FOR EACH ROW BEGIN UPDATE clients_pendingemail SET sent_at = (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')), unsent = (SELECT i.sent_at FROM portal_invitation i WHERE "
            "i.email_id = clients_pendingemail.email_id AND i.status IN ('queued', 'sent')) IS "
            'NULL WHERE email_id IN (SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, '
            'NEW.status AS status, NEW.sent_at AS sent_at) r) AND sent_at IS NOT (SELECT i.sent_at '
            'FROM portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND '
            "i.status IN ('queued', 'sent')); END"
        ),
        (
            'CREATE TRIGGER pending_key_portal_invitation_update AFTER UPDATE ON portal_invitation '
            'FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id OR OLD.status IS NOT NEW.status '
            'OR OLD.sent_at IS NOT NEW.sent_at) BEGIN UPDATE clients_pendingemail SET sent_at = '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "clients_pendingemail.email_id AND i.status IN ('queued', 'sent')), unsent = (SELECT "
            'i.sent_at FROM portal_invitation i WHERE i.email_id = clients_pendingemail.email_id '
            "AND i.status IN ('queued', 'sent')) IS NULL WHERE email_id IN (SELECT r.email_id FROM "
            '(SELECT OLD.email_id AS email_id, OLD.status AS status, OLD.sent_at AS sent_at) r '
            'UNION SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.status AS status, '
            'NEW.sent_at AS sent_at) r) AND sent_at IS NOT (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')); END"
        ),
        (
            'CREATE TRIGGER pending_key_portal_invitation_delete AFTER DELETE ON portal_invitation '
            'FOR EACH ROW BEGIN UPDATE clients_pendingemail SET sent_at = (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')), unsent = (SELECT i.sent_at FROM portal_invitation i WHERE "
            "i.email_id = clients_pendingemail.email_id AND i.status IN ('queued', 'sent')) IS "
            'NULL WHERE email_id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, '
            'OLD.status AS status, OLD.sent_at AS sent_at) r) AND sent_at IS NOT (SELECT i.sent_at '
            'FROM portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND '
            "i.status IN ('queued', 'sent')); END"
        ),
        (
            'CREATE TRIGGER pending_key_clients_contactemail_update AFTER UPDATE ON '
            'clients_contactemail FOR EACH ROW WHEN (OLD.email IS NOT NEW.email) BEGIN UPDATE '
            'clients_pendingemail SET address = n.email FROM (SELECT NEW.id AS id, NEW.email AS '
            'email) n WHERE clients_pendingemail.email_id = n.id AND clients_pendingemail.address '
            '<> n.email; END'
        ),
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS tally_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS tally_portal_portalidentity_delete()',
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
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM '
            'new_rows r JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = '
            "'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = "
            'd.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON '
            'clients_clientaccount REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_clientaccount_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active' UNION "
            "ALL SELECT r.firm_id AS k, 1 AS v FROM new_rows r WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM '
            'old_rows r JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = '
            "'active' UNION ALL SELECT t.member_id AS k, 1 AS v FROM new_rows r JOIN "
            "clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON '
            'clients_clientaccount REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_clientaccount_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM '
            'old_rows r JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = '
            "'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = "
            'd.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON '
            'clients_clientaccount REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_clientaccount_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, 1 AS v FROM new_rows r JOIN clients_clientaccount a ON a.id '
            "= r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON '
            "a.id = r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, "
            '1 AS v FROM new_rows r JOIN clients_clientaccount a ON a.id = r.account_id WHERE '
            "a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_teammembership_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON '
            "a.id = r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail '
            '(email_id, firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = "
            "e.id AND i.status IN ('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN "
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            'new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, 1 AS v FROM new_rows r JOIN clients_accountcontact l ON '
            'l.id = r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON '
            'clients_emailswitches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_emailswitches_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT '
            'r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, firm_id, '
            'address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM '
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')), "
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN clients_contact c ON "
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT '
            'r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            'old_rows r UNION SELECT r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); UPDATE '
            'clients_clientaccount SET login_emails = clients_clientaccount.login_emails + d.delta '
            'FROM (SELECT k, SUM(v) AS delta FROM (SELECT l.account_id AS k, -1 AS v FROM old_rows '
            'r JOIN clients_accountcontact l ON l.id = r.link_id WHERE r.login UNION ALL SELECT '
            'l.account_id AS k, 1 AS v FROM new_rows r JOIN clients_accountcontact l ON l.id = '
            'r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON '
            'clients_emailswitches REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_emailswitches_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail '
            '(email_id, firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = "
            "e.id AND i.status IN ('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN "
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            'old_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            'old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, -1 AS v FROM old_rows r JOIN clients_accountcontact l ON '
            'l.id = r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON '
            'clients_emailswitches REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_emailswitches_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
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
            'CREATE FUNCTION tally_clients_accountcontact_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM old_rows r JOIN clients_emailswitches s ON '
            's.link_id = r.id WHERE s.login UNION ALL SELECT r.account_id AS k, 1 AS v FROM '
            'new_rows r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP BY '
            'k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_update AFTER UPDATE ON '
            'clients_accountcontact REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_accountcontact_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
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
            'CREATE FUNCTION tally_portal_portalidentity_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail '
            '(email_id, firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = "
            "e.id AND i.status IN ('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN "
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            'new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON '
            'portal_portalidentity REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_portal_portalidentity_insert()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT '
            'r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE '
            'p.email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id FROM '
            'new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, firm_id, '
            'address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM '
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')), "
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN clients_contact c ON "
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r UNION SELECT '
            'r.email_id FROM new_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE '
            's.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i '
            'WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            'old_rows r UNION SELECT r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); RETURN NULL; '
            'END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON '
            'portal_portalidentity REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_portal_portalidentity_update()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = '
            'clients_firmtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE clients_firmtally.firm_id = d.k; INSERT INTO clients_pendingemail '
            '(email_id, firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = "
            "e.id AND i.status IN ('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN "
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            'old_rows r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE '
            'p.email_id = e.id); DELETE FROM clients_pendingemail WHERE email_id IN (SELECT '
            'p.email_id FROM clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM '
            'old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = '
            'p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE '
            'i.email_id = p.email_id))); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON '
            'portal_portalidentity REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_portal_portalidentity_delete()'
        ),
        (
            'CREATE FUNCTION tally_firms_firm_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO clients_firmtally (firm_id, active_accounts, pending_emails) VALUES '
            '(NEW.id, 0, 0); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW '
            'EXECUTE FUNCTION tally_firms_firm_insert()'
        ),
        (
            'CREATE FUNCTION tally_firms_member_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, '
            '0); RETURN NULL; END $$'
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
            'INSERT INTO clients_pendingemail (email_id, firm_id, address, sent_at, unsent)\n'
            '    SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE '
            "i.email_id = e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM "
            "portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS "
            'NULL\n'
            '    FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id\n'
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND '
            's.login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = '
            'e.id))'
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
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_insert()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_update()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_delete()',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update ON clients_contactemail',
        'DROP FUNCTION IF EXISTS pending_key_clients_contactemail_update()',
        (
            'CREATE FUNCTION pending_key_portal_invitation_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_pendingemail SET sent_at = (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')), unsent = (SELECT i.sent_at FROM portal_invitation i WHERE "
            "i.email_id = clients_pendingemail.email_id AND i.status IN ('queued', 'sent')) IS "
            'NULL WHERE email_id IN (SELECT r.email_id FROM new_rows r) AND sent_at IS DISTINCT '
            'FROM (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "clients_pendingemail.email_id AND i.status IN ('queued', 'sent')); RETURN NULL; END $$"
        ),
        (
            'CREATE TRIGGER pending_key_portal_invitation_insert AFTER INSERT ON portal_invitation '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'pending_key_portal_invitation_insert()'
        ),
        (
            'CREATE FUNCTION pending_key_portal_invitation_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_pendingemail SET sent_at = (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')), unsent = (SELECT i.sent_at FROM portal_invitation i WHERE "
            "i.email_id = clients_pendingemail.email_id AND i.status IN ('queued', 'sent')) IS "
            'NULL WHERE email_id IN (SELECT r.email_id FROM old_rows r UNION SELECT r.email_id '
            'FROM new_rows r) AND sent_at IS DISTINCT FROM (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')); RETURN NULL; END $$"
        ),
        (
            'CREATE TRIGGER pending_key_portal_invitation_update AFTER UPDATE ON portal_invitation '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION pending_key_portal_invitation_update()'
        ),
        (
            'CREATE FUNCTION pending_key_portal_invitation_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_pendingemail SET sent_at = (SELECT i.sent_at FROM '
            'portal_invitation i WHERE i.email_id = clients_pendingemail.email_id AND i.status IN '
            "('queued', 'sent')), unsent = (SELECT i.sent_at FROM portal_invitation i WHERE "
            "i.email_id = clients_pendingemail.email_id AND i.status IN ('queued', 'sent')) IS "
            'NULL WHERE email_id IN (SELECT r.email_id FROM old_rows r) AND sent_at IS DISTINCT '
            'FROM (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "clients_pendingemail.email_id AND i.status IN ('queued', 'sent')); RETURN NULL; END $$"
        ),
        (
            'CREATE TRIGGER pending_key_portal_invitation_delete AFTER DELETE ON portal_invitation '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
            'pending_key_portal_invitation_delete()'
        ),
        (
            'CREATE FUNCTION pending_key_clients_contactemail_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_pendingemail SET address = n.email FROM new_rows n '
            'WHERE clients_pendingemail.email_id = n.id AND clients_pendingemail.address <> '
            'n.email; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER pending_key_clients_contactemail_update AFTER UPDATE ON '
            'clients_contactemail REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
            'STATEMENT EXECUTE FUNCTION pending_key_clients_contactemail_update()'
        ),
    ],
}

# After: the tally triggers counting active accounts and Login emails only, counted anew.
# clients/tallies.py as of this migration's commit: install
INSTALL_TALLIES = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON '
            'clients_clientaccount FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts '
            '= clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS firm_id, '
            "NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM (SELECT NEW.id AS id, '
            'NEW.firm_id AS firm_id, NEW.onboarding AS onboarding) r JOIN clients_teammembership t '
            "ON t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> "
            '0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON '
            'clients_clientaccount FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.firm_id IS NOT '
            'NEW.firm_id OR OLD.onboarding IS NOT NEW.onboarding) BEGIN UPDATE clients_firmtally '
            'SET active_accounts = clients_firmtally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, '
            "OLD.firm_id AS firm_id, OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active' "
            'UNION ALL SELECT r.firm_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS '
            "firm_id, NEW.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k "
            'HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM '
            '(SELECT OLD.id AS id, OLD.firm_id AS firm_id, OLD.onboarding AS onboarding) r JOIN '
            "clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active' UNION "
            'ALL SELECT t.member_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.firm_id AS '
            'firm_id, NEW.onboarding AS onboarding) r JOIN clients_teammembership t ON '
            "t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON '
            'clients_clientaccount FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts '
            '= clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.firm_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.firm_id AS firm_id, '
            "OLD.onboarding AS onboarding) r WHERE r.onboarding = 'active') c GROUP BY k HAVING "
            'SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM (SELECT OLD.id AS id, '
            'OLD.firm_id AS firm_id, OLD.onboarding AS onboarding) r JOIN clients_teammembership t '
            "ON t.account_id = r.id WHERE r.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> "
            '0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.member_id AS k, 1 AS v FROM (SELECT NEW.member_id AS '
            'member_id, NEW.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership FOR EACH ROW WHEN (OLD.member_id IS NOT NEW.member_id OR '
            'OLD.account_id IS NOT NEW.account_id) BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, 1 AS v "
            'FROM (SELECT NEW.member_id AS member_id, NEW.account_id AS account_id) r JOIN '
            "clients_clientaccount a ON a.id = r.account_id WHERE a.onboarding = 'active') c GROUP "
            'BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = clients_membertally.active_accounts + d.delta FROM (SELECT k, '
            'SUM(v) AS delta FROM (SELECT r.member_id AS k, -1 AS v FROM (SELECT OLD.member_id AS '
            'member_id, OLD.account_id AS account_id) r JOIN clients_clientaccount a ON a.id = '
            "r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON '
            'clients_emailswitches FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT l.account_id AS k, 1 AS v FROM (SELECT NEW.link_id AS link_id, '
            'NEW.login AS login) r JOIN clients_accountcontact l ON l.id = r.link_id WHERE '
            'r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON '
            'clients_emailswitches FOR EACH ROW WHEN (OLD.link_id IS NOT NEW.link_id OR OLD.login '
            'IS NOT NEW.login) BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, -1 AS v FROM (SELECT OLD.link_id AS link_id, OLD.login AS '
            'login) r JOIN clients_accountcontact l ON l.id = r.link_id WHERE r.login UNION ALL '
            'SELECT l.account_id AS k, 1 AS v FROM (SELECT NEW.link_id AS link_id, NEW.login AS '
            'login) r JOIN clients_accountcontact l ON l.id = r.link_id WHERE r.login) c GROUP BY '
            'k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON '
            'clients_emailswitches FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT l.account_id AS k, -1 AS v FROM (SELECT OLD.link_id AS link_id, '
            'OLD.login AS login) r JOIN clients_accountcontact l ON l.id = r.link_id WHERE '
            'r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_insert AFTER INSERT ON '
            'clients_accountcontact FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT r.account_id AS k, 1 AS v FROM (SELECT NEW.id AS id, '
            'NEW.account_id AS account_id) r JOIN clients_emailswitches s ON s.link_id = r.id '
            'WHERE s.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = '
            'd.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_update AFTER UPDATE ON '
            'clients_accountcontact FOR EACH ROW WHEN (OLD.id IS NOT NEW.id OR OLD.account_id IS '
            'NOT NEW.account_id) BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM (SELECT OLD.id AS id, OLD.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login UNION '
            'ALL SELECT r.account_id AS k, 1 AS v FROM (SELECT NEW.id AS id, NEW.account_id AS '
            'account_id) r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP '
            'BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; END'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_delete AFTER DELETE ON '
            'clients_accountcontact FOR EACH ROW BEGIN UPDATE clients_clientaccount SET '
            'login_emails = clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS '
            'delta FROM (SELECT r.account_id AS k, -1 AS v FROM (SELECT OLD.id AS id, '
            'OLD.account_id AS account_id) r JOIN clients_emailswitches s ON s.link_id = r.id '
            'WHERE s.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = '
            'd.k; END'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW BEGIN '
            'INSERT INTO clients_firmtally (firm_id, active_accounts) VALUES (NEW.id, 0); END'
        ),
        (
            'CREATE TRIGGER tally_firms_member_insert AFTER INSERT ON firms_member FOR EACH ROW '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, '
            '0); END'
        ),
        (
            'UPDATE clients_clientaccount SET login_emails = (SELECT COUNT(*)\n'
            '    FROM clients_emailswitches s JOIN clients_accountcontact l ON l.id = s.link_id\n'
            '    WHERE l.account_id = clients_clientaccount.id AND s.login)'
        ),
        'DELETE FROM clients_firmtally',
        'DELETE FROM clients_membertally',
        (
            'INSERT INTO clients_firmtally (firm_id, active_accounts)\n'
            '    SELECT f.id, (SELECT COUNT(*) FROM clients_clientaccount a\n'
            "        WHERE a.firm_id = f.id AND a.onboarding = 'active')\n"
            '    FROM firms_firm f'
        ),
        (
            'INSERT INTO clients_membertally (member_id, active_accounts)\n'
            '    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t\n'
            '        JOIN clients_clientaccount a ON a.id = t.account_id\n'
            "        WHERE t.member_id = m.id AND a.onboarding = 'active')\n"
            '    FROM firms_member m'
        ),
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
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
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, 1 AS v FROM '
            'new_rows r JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = '
            "'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = "
            'd.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON '
            'clients_clientaccount REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_clientaccount_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active' UNION "
            "ALL SELECT r.firm_id AS k, 1 AS v FROM new_rows r WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM '
            'old_rows r JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = '
            "'active' UNION ALL SELECT t.member_id AS k, 1 AS v FROM new_rows r JOIN "
            "clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = d.k; RETURN '
            'NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON '
            'clients_clientaccount REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_clientaccount_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = '
            'clients_firmtally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            "(SELECT r.firm_id AS k, -1 AS v FROM old_rows r WHERE r.onboarding = 'active') c "
            'GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_firmtally.firm_id = d.k; UPDATE '
            'clients_membertally SET active_accounts = clients_membertally.active_accounts + '
            'd.delta FROM (SELECT k, SUM(v) AS delta FROM (SELECT t.member_id AS k, -1 AS v FROM '
            'old_rows r JOIN clients_teammembership t ON t.account_id = r.id WHERE r.onboarding = '
            "'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE clients_membertally.member_id = "
            'd.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON '
            'clients_clientaccount REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_clientaccount_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, 1 AS v FROM new_rows r JOIN clients_clientaccount a ON a.id '
            "= r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON '
            "a.id = r.account_id WHERE a.onboarding = 'active' UNION ALL SELECT r.member_id AS k, "
            '1 AS v FROM new_rows r JOIN clients_clientaccount a ON a.id = r.account_id WHERE '
            "a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d WHERE "
            'clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_teammembership_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_membertally SET active_accounts = '
            'clients_membertally.active_accounts + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.member_id AS k, -1 AS v FROM old_rows r JOIN clients_clientaccount a ON '
            "a.id = r.account_id WHERE a.onboarding = 'active') c GROUP BY k HAVING SUM(v) <> 0) d "
            'WHERE clients_membertally.member_id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_teammembership_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, 1 AS v FROM new_rows r JOIN clients_accountcontact l ON '
            'l.id = r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON '
            'clients_emailswitches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_emailswitches_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, -1 AS v FROM old_rows r JOIN clients_accountcontact l ON '
            'l.id = r.link_id WHERE r.login UNION ALL SELECT l.account_id AS k, 1 AS v FROM '
            'new_rows r JOIN clients_accountcontact l ON l.id = r.link_id WHERE r.login) c GROUP '
            'BY k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON '
            'clients_emailswitches REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_emailswitches_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT l.account_id AS k, -1 AS v FROM old_rows r JOIN clients_accountcontact l ON '
            'l.id = r.link_id WHERE r.login) c GROUP BY k HAVING SUM(v) <> 0) d WHERE '
            'clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON '
            'clients_emailswitches REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION tally_clients_emailswitches_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
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
            'CREATE FUNCTION tally_clients_accountcontact_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
            'clients_clientaccount.login_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT r.account_id AS k, -1 AS v FROM old_rows r JOIN clients_emailswitches s ON '
            's.link_id = r.id WHERE s.login UNION ALL SELECT r.account_id AS k, 1 AS v FROM '
            'new_rows r JOIN clients_emailswitches s ON s.link_id = r.id WHERE s.login) c GROUP BY '
            'k HAVING SUM(v) <> 0) d WHERE clients_clientaccount.id = d.k; RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_accountcontact_update AFTER UPDATE ON '
            'clients_accountcontact REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION tally_clients_accountcontact_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_accountcontact_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE clients_clientaccount SET login_emails = '
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
            'CREATE FUNCTION tally_firms_firm_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO clients_firmtally (firm_id, active_accounts) VALUES (NEW.id, 0); '
            'RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW '
            'EXECUTE FUNCTION tally_firms_firm_insert()'
        ),
        (
            'CREATE FUNCTION tally_firms_member_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO clients_membertally (member_id, active_accounts) VALUES (NEW.id, '
            '0); RETURN NULL; END $$'
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
        (
            'INSERT INTO clients_firmtally (firm_id, active_accounts)\n'
            '    SELECT f.id, (SELECT COUNT(*) FROM clients_clientaccount a\n'
            "        WHERE a.firm_id = f.id AND a.onboarding = 'active')\n"
            '    FROM firms_firm f'
        ),
        (
            'INSERT INTO clients_membertally (member_id, active_accounts)\n'
            '    SELECT m.id, (SELECT COUNT(*) FROM clients_teammembership t\n'
            '        JOIN clients_clientaccount a ON a.id = t.account_id\n'
            "        WHERE t.member_id = m.id AND a.onboarding = 'active')\n"
            '    FROM firms_member m'
        ),
    ],
}

# clients/tallies.py as of this migration's commit: uninstall
UNINSTALL_TALLIES = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_insert ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_update ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_update()',
        'DROP TRIGGER IF EXISTS tally_clients_clientaccount_delete ON clients_clientaccount',
        'DROP FUNCTION IF EXISTS tally_clients_clientaccount_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_insert ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_update ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_update()',
        'DROP TRIGGER IF EXISTS tally_clients_teammembership_delete ON clients_teammembership',
        'DROP FUNCTION IF EXISTS tally_clients_teammembership_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS tally_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS tally_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_insert ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_insert()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_update ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_update()',
        'DROP TRIGGER IF EXISTS tally_clients_accountcontact_delete ON clients_accountcontact',
        'DROP FUNCTION IF EXISTS tally_clients_accountcontact_delete()',
        'DROP TRIGGER IF EXISTS tally_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS tally_firms_firm_insert()',
        'DROP TRIGGER IF EXISTS tally_firms_member_insert ON firms_member',
        'DROP FUNCTION IF EXISTS tally_firms_member_insert()',
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
    dependencies = [
        ("clients", "0017_list_indexes_hold_the_step"),
        ("portal", "0002_test_clients"),
    ]

    operations = [
        migrations.RunPython(run(DROP_OLD), run(RESTORE_OLD)),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="pendingemail", name="pending_by_sent"),
                migrations.RemoveIndex(model_name="pendingemail", name="pending_by_latest_sent"),
                migrations.DeleteModel(name="PendingEmail"),
            ],
        ),
        migrations.RemoveField(model_name="firmtally", name="pending_emails"),
        migrations.RunPython(run(INSTALL_TALLIES), run(UNINSTALL_TALLIES)),
    ]

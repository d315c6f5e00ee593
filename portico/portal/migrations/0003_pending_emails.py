"""The Pending activation set (C-10) is the portal's: PendingEmail comes from clients (state
only: its table, clients_pendingemail, stays as it is), PendingTally counts it per firm, and the
triggers keeping both (portal/pending.py) are installed here, which finds the set and counts it
anew. Literal SQL, frozen here (docs/ARCHITECTURE.md, "Migrations are frozen")."""

import django.db.models.deletion
from django.db import migrations, models

# portal/pending.py as of this migration's commit: install
INSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update',
        'DROP TRIGGER IF EXISTS pending_firms_firm_insert',
        (
            'CREATE TRIGGER pending_clients_emailswitches_insert AFTER INSERT ON '
            'clients_emailswitches FOR EACH ROW BEGIN UPDATE portal_pendingtally SET '
            'pending_emails = portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'NEW.email_id AS email_id, NEW.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id, address, sent_at, unsent) SELECT e.id, '
            'c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i "
            "WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS NULL FROM "
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND '
            'NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE '
            'FROM clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'NEW.email_id AS email_id, NEW.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER pending_clients_emailswitches_update AFTER UPDATE ON '
            'clients_emailswitches FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id OR '
            'OLD.login IS NOT NEW.login) BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM (SELECT OLD.email_id AS '
            'email_id, OLD.login AS login) r UNION SELECT r.email_id FROM (SELECT NEW.email_id AS '
            'email_id, NEW.login AS login) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id, OLD.login AS login) r UNION SELECT r.email_id FROM (SELECT '
            'NEW.email_id AS email_id, NEW.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id, address, sent_at, unsent) SELECT e.id, '
            'c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i "
            "WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS NULL FROM "
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, OLD.login AS login) r UNION '
            'SELECT r.email_id FROM (SELECT NEW.email_id AS email_id, NEW.login AS login) r) AND '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND '
            'NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE '
            'FROM clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id, OLD.login AS login) r UNION SELECT r.email_id FROM (SELECT '
            'NEW.email_id AS email_id, NEW.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER pending_clients_emailswitches_delete AFTER DELETE ON '
            'clients_emailswitches FOR EACH ROW BEGIN UPDATE portal_pendingtally SET '
            'pending_emails = portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id, OLD.login AS login) r) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id, OLD.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k '
            'HAVING SUM(v) <> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO '
            'clients_pendingemail (email_id, firm_id, address, sent_at, unsent) SELECT e.id, '
            'c.firm_id, e.email, (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = '
            "e.id AND i.status IN ('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i "
            "WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')) IS NULL FROM "
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id, OLD.login AS login) r) AND '
            '(EXISTS (SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND '
            'NOT EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id); DELETE '
            'FROM clients_pendingemail WHERE email_id IN (SELECT p.email_id FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id, OLD.login AS login) r) AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS '
            '(SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER pending_portal_portalidentity_insert AFTER INSERT ON '
            'portal_portalidentity FOR EACH ROW BEGIN UPDATE portal_pendingtally SET '
            'pending_emails = portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches '
            's WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail '
            '(email_id, firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = "
            "e.id AND i.status IN ('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN "
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT NEW.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches '
            's WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail '
            'WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN '
            '(SELECT r.email_id FROM (SELECT NEW.email_id AS email_id) r) AND NOT (EXISTS (SELECT '
            '1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
        (
            'CREATE TRIGGER pending_portal_portalidentity_update AFTER UPDATE ON '
            'portal_portalidentity FOR EACH ROW WHEN (OLD.email_id IS NOT NEW.email_id) BEGIN '
            'UPDATE portal_pendingtally SET pending_emails = portal_pendingtally.pending_emails + '
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
            'portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, '
            'firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at '
            "FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')), "
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
            'CREATE TRIGGER pending_portal_portalidentity_delete AFTER DELETE ON '
            'portal_portalidentity FOR EACH ROW BEGIN UPDATE portal_pendingtally SET '
            'pending_emails = portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) '
            'AS delta FROM (SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches '
            's WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id) UNION ALL SELECT p.firm_id, -1 FROM '
            'clients_pendingemail p WHERE p.email_id IN (SELECT r.email_id FROM (SELECT '
            'OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail '
            '(email_id, firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, '
            '(SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN '
            "('queued', 'sent')), (SELECT i.sent_at FROM portal_invitation i WHERE i.email_id = "
            "e.id AND i.status IN ('queued', 'sent')) IS NULL FROM clients_contactemail e JOIN "
            'clients_contact c ON c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM '
            '(SELECT OLD.email_id AS email_id) r) AND (EXISTS (SELECT 1 FROM clients_emailswitches '
            's WHERE s.email_id = e.id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = e.id)) AND NOT EXISTS (SELECT 1 FROM '
            'clients_pendingemail p WHERE p.email_id = e.id); DELETE FROM clients_pendingemail '
            'WHERE email_id IN (SELECT p.email_id FROM clients_pendingemail p WHERE p.email_id IN '
            '(SELECT r.email_id FROM (SELECT OLD.email_id AS email_id) r) AND NOT (EXISTS (SELECT '
            '1 FROM clients_emailswitches s WHERE s.email_id = p.email_id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = p.email_id))); END'
        ),
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
        (
            'CREATE TRIGGER pending_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW '
            'BEGIN INSERT INTO portal_pendingtally (firm_id, pending_emails) VALUES (NEW.id, 0); '
            'END'
        ),
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
        'DELETE FROM portal_pendingtally',
        (
            'INSERT INTO portal_pendingtally (firm_id, pending_emails)\n'
            '    SELECT f.id, (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id) '
            'FROM firms_firm f'
        ),
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS pending_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS pending_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS pending_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS pending_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS pending_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS pending_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_insert()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_update()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_delete()',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update ON clients_contactemail',
        'DROP FUNCTION IF EXISTS pending_key_clients_contactemail_update()',
        'DROP TRIGGER IF EXISTS pending_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS pending_firms_firm_insert()',
        (
            'CREATE FUNCTION pending_clients_emailswitches_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail '
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
            'CREATE TRIGGER pending_clients_emailswitches_insert AFTER INSERT ON '
            'clients_emailswitches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION pending_clients_emailswitches_insert()'
        ),
        (
            'CREATE FUNCTION pending_clients_emailswitches_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
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
            'portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, '
            'firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at '
            "FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')), "
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
            'CREATE TRIGGER pending_clients_emailswitches_update AFTER UPDATE ON '
            'clients_emailswitches REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION pending_clients_emailswitches_update()'
        ),
        (
            'CREATE FUNCTION pending_clients_emailswitches_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail '
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
            'CREATE TRIGGER pending_clients_emailswitches_delete AFTER DELETE ON '
            'clients_emailswitches REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION pending_clients_emailswitches_delete()'
        ),
        (
            'CREATE FUNCTION pending_portal_portalidentity_insert() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM new_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM new_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail '
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
            'CREATE TRIGGER pending_portal_portalidentity_insert AFTER INSERT ON '
            'portal_portalidentity REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION pending_portal_portalidentity_insert()'
        ),
        (
            'CREATE FUNCTION pending_portal_portalidentity_update() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
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
            'portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail (email_id, '
            'firm_id, address, sent_at, unsent) SELECT e.id, c.firm_id, e.email, (SELECT i.sent_at '
            "FROM portal_invitation i WHERE i.email_id = e.id AND i.status IN ('queued', 'sent')), "
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
            'CREATE TRIGGER pending_portal_portalidentity_update AFTER UPDATE ON '
            'portal_portalidentity REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR '
            'EACH STATEMENT EXECUTE FUNCTION pending_portal_portalidentity_update()'
        ),
        (
            'CREATE FUNCTION pending_portal_portalidentity_delete() RETURNS trigger LANGUAGE '
            'plpgsql AS $$ BEGIN UPDATE portal_pendingtally SET pending_emails = '
            'portal_pendingtally.pending_emails + d.delta FROM (SELECT k, SUM(v) AS delta FROM '
            '(SELECT c.firm_id AS k, 1 AS v FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id IN (SELECT r.email_id FROM old_rows r) AND (EXISTS '
            '(SELECT 1 FROM clients_emailswitches s WHERE s.email_id = e.id AND s.login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity i WHERE i.email_id = e.id)) AND NOT '
            'EXISTS (SELECT 1 FROM clients_pendingemail p WHERE p.email_id = e.id) UNION ALL '
            'SELECT p.firm_id, -1 FROM clients_pendingemail p WHERE p.email_id IN (SELECT '
            'r.email_id FROM old_rows r) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches s '
            'WHERE s.email_id = p.email_id AND s.login) AND NOT EXISTS (SELECT 1 FROM '
            'portal_portalidentity i WHERE i.email_id = p.email_id))) c GROUP BY k HAVING SUM(v) '
            '<> 0) d WHERE portal_pendingtally.firm_id = d.k; INSERT INTO clients_pendingemail '
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
            'CREATE TRIGGER pending_portal_portalidentity_delete AFTER DELETE ON '
            'portal_portalidentity REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
            'FUNCTION pending_portal_portalidentity_delete()'
        ),
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
        (
            'CREATE FUNCTION pending_firms_firm_insert() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'BEGIN INSERT INTO portal_pendingtally (firm_id, pending_emails) VALUES (NEW.id, 0); '
            'RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER pending_firms_firm_insert AFTER INSERT ON firms_firm FOR EACH ROW '
            'EXECUTE FUNCTION pending_firms_firm_insert()'
        ),
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
        'DELETE FROM portal_pendingtally',
        (
            'INSERT INTO portal_pendingtally (firm_id, pending_emails)\n'
            '    SELECT f.id, (SELECT COUNT(*) FROM clients_pendingemail p WHERE p.firm_id = f.id) '
            'FROM firms_firm f'
        ),
    ],
}

# portal/pending.py as of this migration's commit: uninstall
UNINSTALL = {
    'sqlite': [
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_insert',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_update',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_delete',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_insert',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_update',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_delete',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update',
        'DROP TRIGGER IF EXISTS pending_firms_firm_insert',
    ],
    'postgresql': [
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_insert ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS pending_clients_emailswitches_insert()',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_update ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS pending_clients_emailswitches_update()',
        'DROP TRIGGER IF EXISTS pending_clients_emailswitches_delete ON clients_emailswitches',
        'DROP FUNCTION IF EXISTS pending_clients_emailswitches_delete()',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_insert ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS pending_portal_portalidentity_insert()',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_update ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS pending_portal_portalidentity_update()',
        'DROP TRIGGER IF EXISTS pending_portal_portalidentity_delete ON portal_portalidentity',
        'DROP FUNCTION IF EXISTS pending_portal_portalidentity_delete()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_insert ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_insert()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_update ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_update()',
        'DROP TRIGGER IF EXISTS pending_key_portal_invitation_delete ON portal_invitation',
        'DROP FUNCTION IF EXISTS pending_key_portal_invitation_delete()',
        'DROP TRIGGER IF EXISTS pending_key_clients_contactemail_update ON clients_contactemail',
        'DROP FUNCTION IF EXISTS pending_key_clients_contactemail_update()',
        'DROP TRIGGER IF EXISTS pending_firms_firm_insert ON firms_firm',
        'DROP FUNCTION IF EXISTS pending_firms_firm_insert()',
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
        ("clients", "0018_pending_emails_to_the_portal"),
        ("firms", "0004_staff_invitations_sessions"),
        ("portal", "0002_test_clients"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingEmail",
                    fields=[
                        (
                            "email",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="pending",
                                serialize=False,
                                to="clients.contactemail",
                            ),
                        ),
                        ("address", models.CharField(default="", max_length=254)),
                        ("unsent", models.BooleanField(default=True)),
                        ("sent_at", models.DateTimeField(null=True)),
                        (
                            "firm",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="firms.firm",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pending email",
                        "verbose_name_plural": "pending emails",
                        "db_table": "clients_pendingemail",
                        "indexes": [
                            models.Index(
                                fields=["firm", "-unsent", "sent_at", "address", "email"],
                                name="pending_by_sent",
                            ),
                            models.Index(
                                fields=["firm", "-unsent", "-sent_at", "address", "email"],
                                name="pending_by_latest_sent",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name="PendingTally",
            fields=[
                (
                    "firm",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="firms.firm",
                    ),
                ),
                ("pending_emails", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "pending tally",
                "verbose_name_plural": "pending tallies",
            },
        ),
        migrations.RunPython(run(INSTALL), run(UNINSTALL)),
    ]

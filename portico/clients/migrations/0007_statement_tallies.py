from django.db import migrations

# The tally triggers again (clients/tallies.py of this migration's commit, written out as
# manage.py triggersql does), as statement triggers on PostgreSQL, in place of 0005's; counted
# anew. Going back, 0005's come back.
# clients/tallies.py as of 1e74daa: uninstall; clients/tallies.py as of 9774062: uninstall; clients/tallies.py as of 9774062: install
INSTALL = {
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
    ],
}

# clients/tallies.py as of 9774062: uninstall; clients/tallies.py as of 1e74daa: install
UNINSTALL = {
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
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON clients_clientaccount '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts = active_accounts + 1 '
            "WHERE firm_id = NEW.firm_id AND NEW.onboarding = 'active'; UPDATE clients_membertally "
            "SET active_accounts = active_accounts + 1 WHERE NEW.onboarding = 'active' AND member_id "
            'IN (SELECT member_id FROM clients_teammembership WHERE account_id = NEW.id); END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON clients_clientaccount '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET active_accounts = active_accounts - 1 '
            "WHERE firm_id = OLD.firm_id AND OLD.onboarding = 'active'; UPDATE clients_membertally "
            "SET active_accounts = active_accounts - 1 WHERE OLD.onboarding = 'active' AND member_id "
            'IN (SELECT member_id FROM clients_teammembership WHERE account_id = OLD.id); END'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON clients_clientaccount '
            'FOR EACH ROW WHEN (OLD.onboarding <> NEW.onboarding OR OLD.firm_id <> NEW.firm_id) '
            'BEGIN UPDATE clients_firmtally SET active_accounts = active_accounts - 1 WHERE firm_id '
            "= OLD.firm_id AND OLD.onboarding = 'active'; UPDATE clients_membertally SET "
            "active_accounts = active_accounts - 1 WHERE OLD.onboarding = 'active' AND member_id IN "
            '(SELECT member_id FROM clients_teammembership WHERE account_id = OLD.id); UPDATE '
            'clients_firmtally SET active_accounts = active_accounts + 1 WHERE firm_id = NEW.firm_id '
            "AND NEW.onboarding = 'active'; UPDATE clients_membertally SET active_accounts = "
            "active_accounts + 1 WHERE NEW.onboarding = 'active' AND member_id IN (SELECT member_id "
            'FROM clients_teammembership WHERE account_id = NEW.id); END'
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = active_accounts + 1 WHERE member_id = NEW.member_id AND EXISTS '
            '(SELECT 1 FROM clients_clientaccount WHERE id = NEW.account_id AND onboarding = '
            "'active'); END"
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership FOR EACH ROW BEGIN UPDATE clients_membertally SET '
            'active_accounts = active_accounts - 1 WHERE member_id = OLD.member_id AND EXISTS '
            '(SELECT 1 FROM clients_clientaccount WHERE id = OLD.account_id AND onboarding = '
            "'active'); END"
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership FOR EACH ROW WHEN (OLD.member_id <> NEW.member_id OR '
            'OLD.account_id <> NEW.account_id) BEGIN UPDATE clients_membertally SET active_accounts '
            '= active_accounts - 1 WHERE member_id = OLD.member_id AND EXISTS (SELECT 1 FROM '
            "clients_clientaccount WHERE id = OLD.account_id AND onboarding = 'active'); UPDATE "
            'clients_membertally SET active_accounts = active_accounts + 1 WHERE member_id = '
            'NEW.member_id AND EXISTS (SELECT 1 FROM clients_clientaccount WHERE id = NEW.account_id '
            "AND onboarding = 'active'); END"
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON clients_emailswitches '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 '
            'WHERE firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = NEW.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT NEW.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = NEW.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = NEW.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = NEW.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)); END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON clients_emailswitches '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 '
            'WHERE firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT OLD.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = OLD.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = OLD.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = OLD.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)); END'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON clients_emailswitches '
            'FOR EACH ROW WHEN (OLD.login <> NEW.login OR OLD.email_id <> NEW.email_id) BEGIN UPDATE '
            'clients_firmtally SET pending_emails = pending_emails + 1 WHERE firm_id = (SELECT '
            'c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id '
            'WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM clients_emailswitches WHERE '
            'email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity '
            'WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail '
            'WHERE email_id = OLD.email_id); INSERT INTO clients_pendingemail (email_id, firm_id) '
            'SELECT OLD.email_id, (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact '
            'c ON c.id = e.contact_id WHERE e.id = OLD.email_id) WHERE (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id) AND (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) IS NOT NULL; UPDATE clients_firmtally SET pending_emails = pending_emails '
            '- 1 WHERE firm_id = (SELECT firm_id FROM clients_pendingemail WHERE email_id = '
            'OLD.email_id) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)); DELETE FROM clients_pendingemail WHERE email_id = '
            'OLD.email_id AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)); UPDATE clients_firmtally SET pending_emails = pending_emails '
            '+ 1 WHERE firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact '
            'c ON c.id = e.contact_id WHERE e.id = NEW.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT NEW.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = NEW.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = NEW.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = NEW.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON portal_portalidentity '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 '
            'WHERE firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = NEW.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT NEW.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = NEW.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = NEW.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = NEW.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON portal_portalidentity '
            'FOR EACH ROW BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 '
            'WHERE firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT OLD.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = OLD.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = OLD.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = OLD.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)); END'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON portal_portalidentity '
            'FOR EACH ROW WHEN (OLD.email_id <> NEW.email_id) BEGIN UPDATE clients_firmtally SET '
            'pending_emails = pending_emails + 1 WHERE firm_id = (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) AND (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id); INSERT INTO clients_pendingemail (email_id, firm_id) SELECT '
            'OLD.email_id, (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = OLD.email_id) WHERE (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id) AND (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) IS NOT NULL; UPDATE clients_firmtally SET pending_emails = pending_emails '
            '- 1 WHERE firm_id = (SELECT firm_id FROM clients_pendingemail WHERE email_id = '
            'OLD.email_id) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)); DELETE FROM clients_pendingemail WHERE email_id = '
            'OLD.email_id AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)); UPDATE clients_firmtally SET pending_emails = pending_emails '
            '+ 1 WHERE firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact '
            'c ON c.id = e.contact_id WHERE e.id = NEW.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT NEW.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = NEW.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = NEW.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = NEW.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)); END'
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
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = e.id AND login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = e.id))'
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
        (
            'CREATE FUNCTION tally_clients_clientaccount_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = active_accounts + 1 WHERE '
            "firm_id = NEW.firm_id AND NEW.onboarding = 'active'; UPDATE clients_membertally SET "
            "active_accounts = active_accounts + 1 WHERE NEW.onboarding = 'active' AND member_id IN "
            '(SELECT member_id FROM clients_teammembership WHERE account_id = NEW.id); RETURN NULL; '
            'END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_insert AFTER INSERT ON clients_clientaccount '
            'FOR EACH ROW EXECUTE FUNCTION tally_clients_clientaccount_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = active_accounts - 1 WHERE '
            "firm_id = OLD.firm_id AND OLD.onboarding = 'active'; UPDATE clients_membertally SET "
            "active_accounts = active_accounts - 1 WHERE OLD.onboarding = 'active' AND member_id IN "
            '(SELECT member_id FROM clients_teammembership WHERE account_id = OLD.id); RETURN NULL; '
            'END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_delete AFTER DELETE ON clients_clientaccount '
            'FOR EACH ROW EXECUTE FUNCTION tally_clients_clientaccount_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_clientaccount_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET active_accounts = active_accounts - 1 WHERE '
            "firm_id = OLD.firm_id AND OLD.onboarding = 'active'; UPDATE clients_membertally SET "
            "active_accounts = active_accounts - 1 WHERE OLD.onboarding = 'active' AND member_id IN "
            '(SELECT member_id FROM clients_teammembership WHERE account_id = OLD.id); UPDATE '
            'clients_firmtally SET active_accounts = active_accounts + 1 WHERE firm_id = NEW.firm_id '
            "AND NEW.onboarding = 'active'; UPDATE clients_membertally SET active_accounts = "
            "active_accounts + 1 WHERE NEW.onboarding = 'active' AND member_id IN (SELECT member_id "
            'FROM clients_teammembership WHERE account_id = NEW.id); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_clientaccount_update AFTER UPDATE ON clients_clientaccount '
            'FOR EACH ROW WHEN (OLD.onboarding <> NEW.onboarding OR OLD.firm_id <> NEW.firm_id) '
            'EXECUTE FUNCTION tally_clients_clientaccount_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = active_accounts + 1 WHERE '
            'member_id = NEW.member_id AND EXISTS (SELECT 1 FROM clients_clientaccount WHERE id = '
            "NEW.account_id AND onboarding = 'active'); RETURN NULL; END $$"
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_insert AFTER INSERT ON '
            'clients_teammembership FOR EACH ROW EXECUTE FUNCTION '
            'tally_clients_teammembership_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = active_accounts - 1 WHERE '
            'member_id = OLD.member_id AND EXISTS (SELECT 1 FROM clients_clientaccount WHERE id = '
            "OLD.account_id AND onboarding = 'active'); RETURN NULL; END $$"
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_delete AFTER DELETE ON '
            'clients_teammembership FOR EACH ROW EXECUTE FUNCTION '
            'tally_clients_teammembership_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_teammembership_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_membertally SET active_accounts = active_accounts - 1 WHERE '
            'member_id = OLD.member_id AND EXISTS (SELECT 1 FROM clients_clientaccount WHERE id = '
            "OLD.account_id AND onboarding = 'active'); UPDATE clients_membertally SET "
            'active_accounts = active_accounts + 1 WHERE member_id = NEW.member_id AND EXISTS '
            '(SELECT 1 FROM clients_clientaccount WHERE id = NEW.account_id AND onboarding = '
            "'active'); RETURN NULL; END $$"
        ),
        (
            'CREATE TRIGGER tally_clients_teammembership_update AFTER UPDATE ON '
            'clients_teammembership FOR EACH ROW WHEN (OLD.member_id <> NEW.member_id OR '
            'OLD.account_id <> NEW.account_id) EXECUTE FUNCTION tally_clients_teammembership_update()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 WHERE '
            'firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id '
            '= e.contact_id WHERE e.id = NEW.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT NEW.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = NEW.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = NEW.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = NEW.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_insert AFTER INSERT ON clients_emailswitches '
            'FOR EACH ROW EXECUTE FUNCTION tally_clients_emailswitches_insert()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 WHERE '
            'firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id '
            '= e.contact_id WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT OLD.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = OLD.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = OLD.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = OLD.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_delete AFTER DELETE ON clients_emailswitches '
            'FOR EACH ROW EXECUTE FUNCTION tally_clients_emailswitches_delete()'
        ),
        (
            'CREATE FUNCTION tally_clients_emailswitches_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 WHERE '
            'firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id '
            '= e.contact_id WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT OLD.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = OLD.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = OLD.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = OLD.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)); UPDATE clients_firmtally '
            'SET pending_emails = pending_emails + 1 WHERE firm_id = (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) AND (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id); INSERT INTO clients_pendingemail (email_id, firm_id) SELECT '
            'NEW.email_id, (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = NEW.email_id) WHERE (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id) AND (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) IS NOT NULL; UPDATE clients_firmtally SET pending_emails = pending_emails '
            '- 1 WHERE firm_id = (SELECT firm_id FROM clients_pendingemail WHERE email_id = '
            'NEW.email_id) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)); DELETE FROM clients_pendingemail WHERE email_id = '
            'NEW.email_id AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_clients_emailswitches_update AFTER UPDATE ON clients_emailswitches '
            'FOR EACH ROW WHEN (OLD.login <> NEW.login OR OLD.email_id <> NEW.email_id) EXECUTE '
            'FUNCTION tally_clients_emailswitches_update()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_insert() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 WHERE '
            'firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id '
            '= e.contact_id WHERE e.id = NEW.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT NEW.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = NEW.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = NEW.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = NEW.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_insert AFTER INSERT ON portal_portalidentity '
            'FOR EACH ROW EXECUTE FUNCTION tally_portal_portalidentity_insert()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_delete() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 WHERE '
            'firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id '
            '= e.contact_id WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT OLD.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = OLD.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = OLD.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = OLD.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_delete AFTER DELETE ON portal_portalidentity '
            'FOR EACH ROW EXECUTE FUNCTION tally_portal_portalidentity_delete()'
        ),
        (
            'CREATE FUNCTION tally_portal_portalidentity_update() RETURNS trigger LANGUAGE plpgsql '
            'AS $$ BEGIN UPDATE clients_firmtally SET pending_emails = pending_emails + 1 WHERE '
            'firm_id = (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON c.id '
            '= e.contact_id WHERE e.id = OLD.email_id) AND (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id); INSERT INTO '
            'clients_pendingemail (email_id, firm_id) SELECT OLD.email_id, (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'OLD.email_id) WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'OLD.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = OLD.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = OLD.email_id) AND (SELECT c.firm_id FROM clients_contactemail e JOIN '
            'clients_contact c ON c.id = e.contact_id WHERE e.id = OLD.email_id) IS NOT NULL; UPDATE '
            'clients_firmtally SET pending_emails = pending_emails - 1 WHERE firm_id = (SELECT '
            'firm_id FROM clients_pendingemail WHERE email_id = OLD.email_id) AND NOT (EXISTS '
            '(SELECT 1 FROM clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT '
            'EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = OLD.email_id)); DELETE '
            'FROM clients_pendingemail WHERE email_id = OLD.email_id AND NOT (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = OLD.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = OLD.email_id)); UPDATE clients_firmtally '
            'SET pending_emails = pending_emails + 1 WHERE firm_id = (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) AND (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 FROM clients_pendingemail WHERE '
            'email_id = NEW.email_id); INSERT INTO clients_pendingemail (email_id, firm_id) SELECT '
            'NEW.email_id, (SELECT c.firm_id FROM clients_contactemail e JOIN clients_contact c ON '
            'c.id = e.contact_id WHERE e.id = NEW.email_id) WHERE (EXISTS (SELECT 1 FROM '
            'clients_emailswitches WHERE email_id = NEW.email_id AND login) AND NOT EXISTS (SELECT 1 '
            'FROM portal_portalidentity WHERE email_id = NEW.email_id)) AND NOT EXISTS (SELECT 1 '
            'FROM clients_pendingemail WHERE email_id = NEW.email_id) AND (SELECT c.firm_id FROM '
            'clients_contactemail e JOIN clients_contact c ON c.id = e.contact_id WHERE e.id = '
            'NEW.email_id) IS NOT NULL; UPDATE clients_firmtally SET pending_emails = pending_emails '
            '- 1 WHERE firm_id = (SELECT firm_id FROM clients_pendingemail WHERE email_id = '
            'NEW.email_id) AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)); DELETE FROM clients_pendingemail WHERE email_id = '
            'NEW.email_id AND NOT (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = '
            'NEW.email_id AND login) AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE '
            'email_id = NEW.email_id)); RETURN NULL; END $$'
        ),
        (
            'CREATE TRIGGER tally_portal_portalidentity_update AFTER UPDATE ON portal_portalidentity '
            'FOR EACH ROW WHEN (OLD.email_id <> NEW.email_id) EXECUTE FUNCTION '
            'tally_portal_portalidentity_update()'
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
            '    WHERE (EXISTS (SELECT 1 FROM clients_emailswitches WHERE email_id = e.id AND login) '
            'AND NOT EXISTS (SELECT 1 FROM portal_portalidentity WHERE email_id = e.id))'
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
    """The tally triggers again, as statement triggers on PostgreSQL (one tally update per
    statement instead of per row); recounted."""

    dependencies = [("clients", "0006_list_indexes")]

    operations = [migrations.RunPython(run(INSTALL), run(UNINSTALL))]

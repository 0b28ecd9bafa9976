"""The party archive bundle (入党材料, DOMAIN §2.7): one PDF with a contents page built from the case's facts,
meetings and audit events, and a zip holding that PDF, every original file of the case and a manifest of
SHA-256 hashes tied to the case's last audit event, so the bundle can be checked against the trail offline."""

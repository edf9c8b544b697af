-- Division memberships (ADR 50): the divisions each user works in. risk-intake owns
-- them (its admins grant and revoke them); every other service keeps a copy from the
-- MembershipGranted and MembershipRevoked events, replaced only by a newer version.
-- depends: 0000_kernel_outbox_inbox

CREATE TABLE access_users (
    user_id VARCHAR(64) NOT NULL PRIMARY KEY,  -- the Cognito sub
    email VARCHAR(254) NOT NULL,
    version INT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    KEY ix_access_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE access_memberships (
    user_id VARCHAR(64) NOT NULL,
    division_id CHAR(36) NOT NULL,
    granted_by VARCHAR(254) NOT NULL,
    granted_at DATETIME(6) NOT NULL,
    PRIMARY KEY (user_id, division_id),
    KEY ix_access_memberships_division (division_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

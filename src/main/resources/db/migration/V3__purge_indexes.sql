-- The purge walks deliveries by the moment they were delivered or frozen.
create index delivery_delivered_at on delivery (delivered_at, id) ${deliveredOnly};
create index delivery_frozen_at on delivery (frozen_at, id) ${frozenOnly};

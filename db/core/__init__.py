"""The ground floor: engine and settings, errors, validation, the actor and their scope, audit, permissions and the unit tree."""

//! Table tests for deployment utilities (upstream deployment/util tests).

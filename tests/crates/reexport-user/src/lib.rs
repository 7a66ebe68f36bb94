//! Uses pmrf only through another crate's re-export, `pmrf_test_renamed::my_pmrf`.

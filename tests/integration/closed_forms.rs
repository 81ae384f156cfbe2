//! Simulated probabilities against exact answers, within 5 standard errors.

use crate::util::{bivariate_normal_sf, model, normal_sf, probability, run};
use statrs::distribution::{Discrete, DiscreteCDF, NegativeBinomial, Poisson};

const PATHS: u64 = 200_000;

/// `(mu, s)` of `ln(1+g)` for the format's lognormal(mean, sd) of `g`.
fn log_params(mean: f64, sd: f64) -> (f64, f64) {
    let s2 = (1.0 + sd * sd / ((1.0 + mean) * (1.0 + mean))).ln();
    ((1.0 + mean).ln() - s2 / 2.0, s2.sqrt())
}

#[test]
fn lognormal_growth_with_overrides_and_intermediate_targets() {
    let m = model(
        r#"
        [scenario]
        name = "ln"
        base_year = 2021
        target_year = 2025
        [[indicator]]
        id = "x"
        kind = "growth"
        base = 100
        growth = { dist = "lognormal", mean = 0.05, sd = 0.1 }
        growth_by_year = { 2023 = { dist = "lognormal", mean = -0.02, sd = 0.2 } }
        [[target]]
        indicator = "x"
        op = ">"
        value = 110
        [[target]]
        indicator = "x"
        op = ">="
        value = 95
        year = 2023
        [[target]]
        indicator = "x"
        op = "<"
        value = 100
        year = 2024
        "#,
    );
    let r = run(&m, PATHS, 1, 2);
    let normal = log_params(0.05, 0.1);
    let shocked = log_params(-0.02, 0.2);
    // ln(X_t / 100) after each year: sums of independent normals.
    let law = |years: &[(f64, f64)]| {
        let mu: f64 = years.iter().map(|p| p.0).sum();
        let var: f64 = years.iter().map(|p| p.1 * p.1).sum();
        (mu, var.sqrt())
    };
    let (mu, s) = law(&[normal, shocked, normal, normal]);
    assert_within_se!(
        "P(X2025 > 110)",
        probability(&r, "x@2025"),
        normal_sf(((110f64 / 100.0).ln() - mu) / s),
        PATHS
    );
    let (mu2, s2) = law(&[normal, shocked]);
    assert_within_se!(
        "P(X2023 >= 95)",
        probability(&r, "x@2023"),
        normal_sf(((0.95f64).ln() - mu2) / s2),
        PATHS
    );
    let (mu3, s3) = law(&[normal, shocked, normal]);
    assert_within_se!(
        "P(X2024 < 100)",
        probability(&r, "x@2024"),
        1.0 - normal_sf((0f64 - mu3) / s3),
        PATHS
    );

    // Mean and median of the indicator in 2025 against the lognormal's.
    let y = &r.indicators[0].years[3];
    let exact_mean = 100.0 * 1.05f64.powi(3) * 0.98;
    assert!(
        (y.mean - exact_mean).abs() < 5.0 * y.sd / (PATHS as f64).sqrt(),
        "mean {} vs {exact_mean}",
        y.mean
    );
    let exact_median = 100.0 * mu.exp();
    // SE of a sample median: 1 / (2 f(m) sqrt(n)), with f(m) = phi(0) / (m s).
    let se_median =
        exact_median * s * (2.0 * std::f64::consts::PI).sqrt() / (2.0 * (PATHS as f64).sqrt());
    assert!(
        (y.p50 - exact_median).abs() < 5.0 * se_median + exact_median * 5e-4,
        "median {} vs {exact_median}",
        y.p50
    );
}

#[test]
fn poisson_counts_with_exits_follow_skellam() {
    let m = model(
        r#"
        [scenario]
        name = "counts"
        base_year = 2021
        target_year = 2025
        [[indicator]]
        id = "n"
        kind = "count"
        base = 40
        additions = { dist = "poisson", mean = 8.0 }
        exits = { dist = "poisson", mean = 1.0 }
        [[target]]
        id = "n80"
        indicator = "n"
        op = ">="
        value = 80
        [[target]]
        id = "n70"
        indicator = "n"
        op = ">"
        value = 70
        [[target]]
        id = "n2023"
        indicator = "n"
        op = "<="
        value = 50
        year = 2023
        "#,
    );
    let r = run(&m, PATHS, 2, 2);
    // base + Poisson(8t) - Poisson(t): the floor at 0 is never reached from 40
    // in practice (its probability is below 1e-15), so the law is Skellam.
    let skellam_sf = |t: f64, at_least: u64| -> f64 {
        let adds = Poisson::new(8.0 * t).unwrap();
        let exits = Poisson::new(t).unwrap();
        (0..200u64)
            .map(|e| exits.pmf(e) * (1.0 - adds.cdf((at_least + e).saturating_sub(1))))
            .sum()
    };
    assert_within_se!(
        "P(N2025 >= 80)",
        probability(&r, "n80"),
        skellam_sf(4.0, 80 - 40),
        PATHS
    );
    assert_within_se!(
        "P(N2025 > 70)",
        probability(&r, "n70"),
        skellam_sf(4.0, 71 - 40),
        PATHS
    );
    assert_within_se!(
        "P(N2023 <= 50)",
        probability(&r, "n2023"),
        1.0 - skellam_sf(2.0, 51 - 40),
        PATHS
    );
}

#[test]
fn negative_binomial_counts_sum_to_a_negative_binomial() {
    let m = model(
        r#"
        [scenario]
        name = "nb"
        base_year = 2021
        target_year = 2025
        [[indicator]]
        id = "n"
        kind = "count"
        base = 10
        additions = { dist = "negative_binomial", mean = 5.0, dispersion = 2.0 }
        [[target]]
        indicator = "n"
        op = ">="
        value = 35
        "#,
    );
    let r = run(&m, PATHS, 3, 2);
    // Four iid NB(r=2, p=2/7) sum to NB(r=8, p=2/7).
    let nb = NegativeBinomial::new(8.0, 2.0 / 7.0).unwrap();
    assert_within_se!("P(N >= 35)", probability(&r, "n"), 1.0 - nb.cdf(24), PATHS);
}

#[test]
fn joint_probability_of_correlated_lognormals_is_bivariate_normal() {
    let m = model(
        r#"
        [scenario]
        name = "joint"
        base_year = 2022
        target_year = 2025
        [[indicator]]
        id = "a"
        kind = "growth"
        base = 100
        growth = { dist = "lognormal", mean = 0.05, sd = 0.1 }
        [[indicator]]
        id = "b"
        kind = "growth"
        base = 50
        growth = { dist = "lognormal", mean = 0.03, sd = 0.05 }
        [[correlation]]
        between = ["b", "a"]
        rho = 0.7
        [[target]]
        indicator = "a"
        op = ">"
        value = 115
        [[target]]
        indicator = "b"
        op = ">"
        value = 54
        "#,
    );
    let r = run(&m, PATHS, 4, 2);
    let ((mu_a, s_a), (mu_b, s_b)) = (log_params(0.05, 0.1), log_params(0.03, 0.05));
    let t = 3f64;
    let h = ((1.15f64).ln() - t * mu_a) / (s_a * t.sqrt());
    let k = ((54.0f64 / 50.0).ln() - t * mu_b) / (s_b * t.sqrt());
    // Yearly correlation rho of the underlying normals is also the
    // correlation of their three-year sums.
    let joint = bivariate_normal_sf(h, k, 0.7);
    assert_within_se!(
        "P(A > 115 and B > 54)",
        r.all_targets_probability,
        joint,
        PATHS
    );
    assert_within_se!("P(A > 115)", probability(&r, "a"), normal_sf(h), PATHS);
    let both = r.targets_met_distribution[2].probability;
    assert_eq!(both, r.all_targets_probability);
    let none = r.targets_met_distribution[0].probability;
    assert_within_se!(
        "P(neither)",
        none,
        1.0 - normal_sf(h) - normal_sf(k) + joint,
        PATHS
    );
}

#[test]
fn shocks_shift_growth_and_scale_count_means() {
    let m = model(
        r#"
        [scenario]
        name = "shocks"
        base_year = 2021
        target_year = 2023
        [[indicator]]
        id = "x"
        kind = "growth"
        base = 100
        growth = { dist = "normal", mean = 0.0, sd = 0.1 }
        [[indicator]]
        id = "n"
        kind = "count"
        base = 0
        additions = { dist = "poisson", mean = 10.0 }
        [[shock]]
        name = "s"
        probability = 0.3
        years = [2022]
        impact = { x = -0.2, n = -0.5 }
        [[target]]
        indicator = "x"
        op = ">"
        value = 100
        year = 2022
        [[target]]
        indicator = "n"
        op = ">="
        value = 10
        year = 2022
        [[target]]
        id = "n_after"
        indicator = "n"
        op = ">="
        value = 20
        year = 2023
        "#,
    );
    let r = run(&m, PATHS, 5, 2);
    // 2022: with prob 0.3, g ~ N(-0.2, 0.1^2) and additions ~ Poisson(5).
    let p_x = 0.7 * 0.5 + 0.3 * normal_sf(2.0);
    assert_within_se!("P(X2022 > 100)", probability(&r, "x"), p_x, PATHS);
    let sf = |mean: f64, at_least: u64| 1.0 - Poisson::new(mean).unwrap().cdf(at_least - 1);
    assert_within_se!(
        "P(N2022 >= 10)",
        probability(&r, "n@2022"),
        0.7 * sf(10.0, 10) + 0.3 * sf(5.0, 10),
        PATHS
    );
    // 2023 is outside the shock's years: total additions Poisson(20) or Poisson(15).
    assert_within_se!(
        "P(N2023 >= 20)",
        probability(&r, "n_after"),
        0.7 * sf(20.0, 20) + 0.3 * sf(15.0, 20),
        PATHS
    );
}

#[test]
fn shaped_marginals_through_the_copula_keep_their_distribution() {
    let m = model(
        r#"
        [scenario]
        name = "shapes"
        base_year = 2024
        target_year = 2025
        [[indicator]]
        id = "tri"
        kind = "growth"
        base = 100
        growth = { dist = "triangular", min = -0.1, mode = 0.02, max = 0.1 }
        [[indicator]]
        id = "uni"
        kind = "growth"
        base = 100
        growth = { dist = "uniform", min = -0.1, max = 0.1 }
        [[indicator]]
        id = "t"
        kind = "growth"
        base = 100
        growth = { dist = "student_t", mean = 0.05, sd = 0.04, df = 4 }
        [[correlation]]
        between = ["tri", "uni"]
        rho = 0.8
        [[correlation]]
        between = ["t", "uni"]
        rho = -0.5
        [[target]]
        indicator = "tri"
        op = ">"
        value = 105
        [[target]]
        indicator = "uni"
        op = ">"
        value = 102
        [[target]]
        indicator = "t"
        op = "<"
        value = 100
        "#,
    );
    let r = run(&m, PATHS, 6, 2);
    // Triangular survival beyond the mode: (max - g)^2 / ((max - min)(max - mode)).
    assert_within_se!(
        "P(tri > 105)",
        probability(&r, "tri"),
        0.05f64.powi(2) / (0.2 * 0.08),
        PATHS
    );
    assert_within_se!("P(uni > 102)", probability(&r, "uni"), 0.4, PATHS);
    // Student t with 4 df has CDF 1/2 + x (x^2 + 6) / (2 (x^2 + 4)^1.5), here at
    // x = (0 - 0.05) / (0.04 * sqrt(2/4)).
    let x = -0.05 / (0.04 * 0.5f64.sqrt());
    let cdf = 0.5 + x * (x * x + 6.0) / (2.0 * (x * x + 4.0).powf(1.5));
    assert_within_se!("P(t < 100)", probability(&r, "t"), cdf, PATHS);
}

/// `P(max(S_1..S_k) >= c)` for k = 1..=years, for the Gaussian random walk
/// `S_k` with steps N(mu, s^2) from 0: the sub-threshold density carried
/// year to year on a grid (midpoint rule, spacing s/60), the mass that
/// crosses absorbed each year.
fn first_passage_exact(mu: f64, s: f64, c: f64, years: usize) -> Vec<f64> {
    let h = s / 60.0;
    let reach = 10.0 * s * (years as f64).sqrt() + mu.abs() * years as f64;
    let n = (reach / h).ceil() as usize;
    let x: Vec<f64> = (0..n).map(|i| c - (i as f64 + 0.5) * h).collect();
    let pdf = |z: f64| (-0.5 * z * z).exp() / (s * (2.0 * std::f64::consts::PI).sqrt());
    // After the first year: the walk's density below c, and what crossed.
    let mut mass: Vec<f64> = x.iter().map(|&xi| pdf((xi - mu) / s) * h).collect();
    let mut crossed = normal_sf((c - mu) / s);
    let mut out = vec![crossed];
    for _ in 1..years {
        crossed += mass
            .iter()
            .zip(&x)
            .map(|(m, &xi)| m * normal_sf((c - xi - mu) / s))
            .sum::<f64>();
        let next: Vec<f64> = x
            .iter()
            .map(|&xj| {
                mass.iter()
                    .zip(&x)
                    .map(|(m, &xi)| m * pdf((xj - xi - mu) / s) * h)
                    .sum()
            })
            .collect();
        mass = next;
        out.push(crossed);
    }
    out
}

#[test]
fn first_passage_by_year_matches_the_gaussian_random_walk() {
    let m = model(
        r#"
        [scenario]
        name = "fp"
        base_year = 2025
        target_year = 2035
        [[indicator]]
        id = "x"
        kind = "growth"
        base = 100
        growth = { dist = "lognormal", mean = 0.05, sd = 0.06 }
        [[target]]
        indicator = "x"
        op = ">="
        value = 150
        by = 2035
        "#,
    );
    let r = run(&m, PATHS, 17, 2);
    let t = &r.targets[0];
    let by_year = t
        .first_met_by_year
        .as_ref()
        .expect("a by target reports when");
    let (mu, s) = log_params(0.05, 0.06);
    let exact = first_passage_exact(mu, s, (150.0f64 / 100.0).ln(), 10);
    assert_eq!(by_year.len(), 10);
    for ((year, &got), want) in by_year.iter().zip(&exact) {
        assert_within_se!(&format!("P(first met by {year})"), got, *want, PATHS);
    }
    // Met by 2035 is the target's probability.
    assert_eq!(t.probability, by_year[&2035]);
    // The median first year: the first year whose exact share passes 1/2
    // (here clearly: 2033 and 2034 are more than 10 SE either side).
    let k = exact
        .iter()
        .position(|&p| p >= 0.5)
        .expect("met by 2035 on most paths");
    assert!(
        exact[k] - 0.5 > 0.02 && 0.5 - exact[k - 1] > 0.02,
        "{exact:?}"
    );
    assert_eq!(t.median_first_met_year, Some(Some(2026 + k as i32)));
    // Shares only rise, and the same paths give the same answer on 1 thread.
    assert!(
        by_year
            .values()
            .zip(by_year.values().skip(1))
            .all(|(a, b)| a <= b)
    );
    let one = run(&m, 20_000, 17, 1);
    let two = run(&m, 20_000, 17, 2);
    assert_eq!(
        one.targets[0].first_met_by_year,
        two.targets[0].first_met_by_year
    );
}

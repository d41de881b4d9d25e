// Package analytic holds the closed-form and numerical queueing models that
// faassim's simulations are checked against: Erlang B and C, the M/M/c/K
// queue, the fixed-TTL cold-start probability of one warm instance, the
// steady-state semi-Markov model of serverless platforms of Mahmoudi and
// Khazaei ("Performance Modeling of Serverless Computing Platforms", IEEE
// Transactions on Cloud Computing, 2020), and a bound on how often a token
// bucket (a scale rate) runs dry, which tells analyze whether that limit,
// absent from every model, can be left out.
//
// Every function is a pure computation on its arguments: no randomness, no
// simulation, nothing imported from the rest of faassim, so that the
// models are an independent reference for the engine. Bad inputs return
// errors (NaN, negative rates, a queue that cannot be stable) or, for the
// closed forms, a stated limit value; never a panic.
package analytic

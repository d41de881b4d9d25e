module faassim

go 1.26.0

require (
	github.com/DataDog/sketches-go v1.4.8
	github.com/goccy/go-yaml v1.19.2
	github.com/spf13/pflag v1.1.0
	gonum.org/v1/gonum v0.17.0
)

require google.golang.org/protobuf v1.36.11 // indirect

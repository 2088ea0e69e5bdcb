// want: 2:1: function main is undeclared in the main package
package main

func helper() {
}

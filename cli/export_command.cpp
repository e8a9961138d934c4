namespace convarith::cli { }
